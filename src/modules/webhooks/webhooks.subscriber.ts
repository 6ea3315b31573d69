import type { AppContext } from "../../http/context";
import { enqueueDeliveries } from "./webhooks.service";

/**
 * Every event the bus publishes (only after its transaction committed) that a
 * webhook may subscribe to becomes deliveries in the `webhooks` queue.
 */
export function subscribeWebhooks(ctx: AppContext): () => void {
  return ctx.events.subscribe("webhooks", (event) => enqueueDeliveries(ctx, event));
}
