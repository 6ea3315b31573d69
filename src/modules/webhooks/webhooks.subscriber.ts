import type { AppContext } from "../../http/context";
import { queueFanOut } from "./webhooks.service";

/**
 * Every event the bus publishes (only after its transaction committed) that a
 * webhook may subscribe to becomes a fan-out job, then deliveries, in the `webhooks` queue.
 */
export function subscribeWebhooks(ctx: AppContext): () => void {
  return ctx.events.subscribe("webhooks", (event) => queueFanOut(ctx, event));
}
