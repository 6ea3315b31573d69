import type { AppContext } from "../http/context";
import { roleIn } from "../modules/workspaces/permissions";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decides whether a user may join a room of a given kind (`project`, `task`, ...), exactly as the REST API would let them read it. */
export type RoomAuthorizer = (ctx: AppContext, userId: string, id: string) => Promise<boolean>;

const authorizers = new Map<string, RoomAuthorizer>([
  [
    "workspace",
    async (ctx, userId, id) => (await roleIn(ctx.db, id, userId)) !== null,
  ],
  ["user", async (_ctx, userId, id) => userId === id],
]);

/** Modules with their own rooms (projects, tasks) register who may join them. */
export function registerRoomAuthorizer(kind: string, authorize: RoomAuthorizer) {
  authorizers.set(kind, authorize);
}

export function parseRoom(room: unknown): { kind: string; id: string } | null {
  if (typeof room !== "string" || room.length > 100) return null;
  const [kind, id, extra] = room.split(":");
  if (extra !== undefined || !kind || !id || !UUID.test(id)) return null;
  return { kind, id: id.toLowerCase() };
}

export async function mayJoin(ctx: AppContext, userId: string, room: string): Promise<boolean> {
  const parsed = parseRoom(room);
  if (!parsed) return false;
  const authorize = authorizers.get(parsed.kind);
  return authorize ? authorize(ctx, userId, parsed.id) : false;
}
