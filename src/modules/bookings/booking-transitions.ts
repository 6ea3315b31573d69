import type { BookingStatus } from "../../generated/prisma/client";

/** SPEC §4.5: from each status, where it may go. The API sends each booking's list (`nextStatuses`), so clients never copy it. */
export const TRANSITIONS: Record<BookingStatus, BookingStatus[]> = {
  HOLD: ["PENCIL", "CONFIRMED", "RELEASED", "CANCELLED"],
  PENCIL: ["CONFIRMED", "HOLD", "CANCELLED", "DECLINED"],
  CONFIRMED: ["CANCELLED", "DECLINED"],
  CANCELLED: [],
  RELEASED: [],
  DECLINED: [],
};
