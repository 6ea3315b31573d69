/** The AI module's events: internal (rooms []), for notifications only. */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    /** The workspace spent 80 % of this month's AI budget (once a month); notifications tell its owners. */
    "ai.budget_warning": { workspaceId: string; month: string; spent: number; budget: number; currency: string };
  }
}

export {};
