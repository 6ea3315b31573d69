import { z } from "../../lib/zod";
import type { AppContext } from "../../http/context";
import { defineJob } from "../../jobs/job";
import { runHoldMaintenance } from "./holds";

/**
 * Maintenance (every 15 minutes, SPEC §4.5): releases every hold whose
 * holdExpiresAt has passed (the holds after it move up and their creators are
 * told), and warns creators once of holds lapsing within 24 h. Idempotent: a
 * second run at the same instant changes nothing.
 */
export const expireHoldsJob = (ctx: AppContext) =>
  defineJob({
    name: "bookings.expire-holds",
    queue: "maintenance",
    schema: z.object({}).strict(),
    perform: () => runHoldMaintenance(ctx),
  });
