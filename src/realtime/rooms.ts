import type { AppContext } from "../http/context";
import { roleIn } from "../access/permissions";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Decides whether a user may join a room of a given kind (`project`, `task`, ...), exactly as the REST API would let them read it. */
export type RoomAuthorizer = (ctx: AppContext, userId: string, id: string) => Promise<boolean>;

/** Rooms realtime itself defines; modules with their own rooms (projects, tasks) hand theirs to createContext. */
const BUILT_IN: Record<string, RoomAuthorizer> = {
  workspace: async (ctx, userId, id) => (await roleIn(ctx.db, id, userId)) !== null,
  /** Who has the workspace's bookings calendar open (presence only; its events go to the workspace room). */
  calendar: async (ctx, userId, id) => (await roleIn(ctx.db, id, userId)) !== null,
  user: async (_ctx, userId, id) => userId === id,
};

/** Who may join which kind of room: the built-in ones plus the modules' (wired in src/context.ts). */
export function roomAuthorizers(modules: Record<string, RoomAuthorizer>): ReadonlyMap<string, RoomAuthorizer> {
  return new Map(Object.entries({ ...BUILT_IN, ...modules }));
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
  const authorize = ctx.rooms.get(parsed.kind);
  return authorize ? authorize(ctx, userId, parsed.id) : false;
}
