import type { Prisma } from "../../db/client";
import type { AppContext } from "../../http/context";
import { AppError } from "../../lib/errors";
import { dateTime, uuid } from "../../lib/zod";
import { requireMembership } from "../../access/permissions";

export interface ActivityEntry {
  workspaceId: string;
  actorId: string | null;
  entityType: string;
  entityId: string;
  action: string;
  field?: string;
  before?: unknown;
  after?: unknown;
}

/**
 * One "updated" entry per field the input set and the write actually changed,
 * with its before and after as `value()` shows them (dates as ISO text, long
 * text cut). The diff every versioned update records.
 */
export function fieldChanges<R, F extends string>(
  subject: { workspaceId: string; actorId: string; entityType: string; entityId: string },
  fields: readonly F[],
  input: Partial<Record<F, unknown>>,
  before: R,
  after: R,
  value: (row: R, field: F) => unknown,
): ActivityEntry[] {
  return fields
    .filter((f) => input[f] !== undefined && value(before, f) !== value(after, f))
    .map((f) => ({ ...subject, action: "updated", field: f, before: value(before, f) ?? null, after: value(after, f) ?? null }));
}

const json = (v: unknown) => (v === undefined ? undefined : (v as Prisma.InputJsonValue));

/** Records entries inside the caller's transaction, so activity exists exactly when the change does. */
export async function recordActivity(tx: Prisma.TransactionClient, entries: ActivityEntry[]) {
  if (!entries.length) return;
  await tx.activity.createMany({
    data: entries.map((e) => ({ ...e, field: e.field ?? null, before: json(e.before), after: json(e.after) })),
  });
}

/**
 * Cursor = `<ISO time>_<id>` of the last item seen; stable under equal timestamps.
 * Both parts are checked as the API checks them anywhere (an id that is not a
 * UUID, or a year-0 time, would otherwise reach PostgreSQL and fail there).
 */
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id, ...rest] = cursor.split("_");
  const time = dateTime.safeParse(at);
  if (rest.length || !time.success || !uuid.safeParse(id).success) {
    throw new AppError("VALIDATION_ERROR", "Invalid cursor", [{ field: "cursor", message: "is not a cursor from a previous page" }]);
  }
  return { at: new Date(time.data), id: id! };
}

/**
 * What changed in a workspace since a time, oldest first: what a client that
 * reconnects fetches to catch up. Page on with `nextCursor`.
 */
export async function activitySince(ctx: AppContext, userId: string, query: { workspaceId: string; since?: Date; cursor?: string; limit: number }) {
  await requireMembership(ctx.db, query.workspaceId, userId);
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await ctx.db.activity.findMany({
    where: {
      workspaceId: query.workspaceId,
      ...(after
        ? { OR: [{ createdAt: { gt: after.at } }, { createdAt: after.at, id: { gt: after.id } }] }
        : query.since
          ? { createdAt: { gt: query.since } }
          : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return { items: page, nextCursor: rows.length > query.limit && last ? `${last.createdAt.toISOString()}_${last.id}` : null };
}
