import type { PresentedLabel } from "./labels.presenter";

/** The labels module's events, to the workspace room. */
declare module "../../events/catalogue" {
  interface EventCatalogue {
    "label.created": PresentedLabel;
    "label.updated": PresentedLabel;
    "label.deleted": { id: string };
  }
}

export {};
