/** The auth module's events. */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    /** Internal (no room): realtime drops the sockets of these session families, or of every session of the user. */
    "session.revoked": { familyIds?: string[]; userId?: string };
  }
}

export {};
