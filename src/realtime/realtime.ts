import type http from "node:http";
import type { Redis } from "ioredis";
import jwt from "jsonwebtoken";
import { createAdapter } from "@socket.io/redis-adapter";
import { Server, type Socket } from "socket.io";
import type { AnyDomainEvent } from "../events/bus";
import type { AppContext } from "../http/context";
import { logger } from "../lib/logger";
import { jwtVerifyOptions } from "../modules/auth";
import { MemoryPresenceStore, PRESENCE_TTL_MS, RedisPresenceStore, type PresenceSnapshot, type PresenceStore } from "./presence";
import { mayJoin, parseRoom } from "./rooms";

/** Rooms whose members are shown as present (who is online in a workspace, who views a project/task). */
const PRESENCE_KINDS = new Set(["workspace", "project", "task", "calendar"]);
const MAX_ROOMS_PER_JOIN = 50;
const HEARTBEAT_MS = PRESENCE_TTL_MS / 3;

interface SocketData {
  userId: string;
  sessionFamilyId: string;
}

export interface Realtime {
  io: Server;
  close(): Promise<void>;
}


async function authenticateSocket(ctx: AppContext, token: unknown): Promise<SocketData | null> {
  if (typeof token !== "string" || token.length > 4096) return null;
  try {
    const claims = jwt.verify(token, ctx.secrets.jwtSecret, jwtVerifyOptions) as jwt.JwtPayload;
    if (claims.typ !== "access" || typeof claims.sid !== "string" || typeof claims.sub !== "string") return null;
    const live = await ctx.db.session.findFirst({ where: { familyId: claims.sid, userId: claims.sub, revokedAt: null }, select: { id: true } });
    return live ? { userId: claims.sub, sessionFamilyId: claims.sid } : null;
  } catch {
    return null;
  }
}

const asRooms = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).filter((r): r is string => typeof r === "string").slice(0, MAX_ROOMS_PER_JOIN);

/**
 * Neither the Redis adapter (PUBLISH, SUBSCRIBE, UNSUBSCRIBE on close) nor ioredis (re-SUBSCRIBE on
 * reconnect) handles a failed command: while Redis was down or restarting, the rejection went
 * unhandled and ended the process. These methods of the adapter's connections now log instead.
 */
function tolerant(client: Redis, methods: Array<"publish" | "subscribe" | "psubscribe" | "unsubscribe" | "punsubscribe">): Redis {
  for (const method of methods) {
    const call = (client[method] as (...args: unknown[]) => Promise<unknown>).bind(client);
    Object.assign(client, { [method]: (...args: unknown[]) => call(...args).catch((err: Error) => void logger.warn("socket.io redis adapter: command failed", { command: method, err: err.message })) });
  }
  return client;
}

/**
 * Socket.IO on the HTTP server: access-token handshake, rooms joined with the
 * REST API's authorisation, domain events broadcast to their rooms, presence.
 * With Redis, the adapter carries events and disconnects between instances.
 */
export async function attachRealtime(ctx: AppContext, server: http.Server): Promise<Realtime> {
  const allowedOrigins = new Set([new URL(ctx.config.APP_URL).origin, ...ctx.config.CORS_ORIGINS]);
  const io = new Server(server, {
    path: "/socket.io",
    serveClient: false,
    cors: { origin: (origin, cb) => cb(null, !origin || allowedOrigins.has(origin)), credentials: true },
  });
  const extraConnections: Redis[] = [];
  if (ctx.redis) {
    // The adapter's own connections queue commands while (re)connecting, unlike the app's fail-fast client.
    // PUBLISH gives up after one retry: events for other instances are dropped while Redis is down (this
    // instance's sockets still get them: the adapter delivers locally first). (UN)SUBSCRIBE waits for
    // Redis, so that the subscriptions are back with it.
    const pub = tolerant(ctx.redis.duplicate({ enableOfflineQueue: true, lazyConnect: true, enableAutoPipelining: false }), ["publish"]);
    const sub = tolerant(ctx.redis.duplicate({ enableOfflineQueue: true, lazyConnect: true, maxRetriesPerRequest: null, enableAutoPipelining: false }), ["subscribe", "psubscribe", "unsubscribe", "punsubscribe"]);
    for (const c of [pub, sub]) c.on("error", (err) => logger.warn("socket.io redis adapter error", { err: err.message }));
    await Promise.all([pub.connect(), sub.connect()]);
    extraConnections.push(pub, sub);
    io.adapter(createAdapter(pub, sub, { key: "tf:socket.io" }));
  }
  const presence: PresenceStore = ctx.redis ? new RedisPresenceStore(ctx.redis) : new MemoryPresenceStore();

  const userSummaries = async (ids: string[]) =>
    (await ctx.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })).map((u) => ({ id: u.id, name: u.name }));

  /** The room's presence as clients receive it: `{room, users, rev}` (see PresenceSnapshot). */
  const presenceMessage = async (room: string, snapshot: PresenceSnapshot) => ({ room, users: await userSummaries(snapshot.users), rev: snapshot.rev });
  /**
   * Adds or removes one socket's presence and tells the room only when the set
   * of users changed (a second tab of someone already present changes nothing),
   * which keeps a room of N sockets from receiving N² presence messages.
   */
  const changePresence = async (room: string, entry: { userId: string; socketId: string }, joining: boolean) => {
    const before = (await presence.snapshot(room, Date.now())).users;
    if (joining) await presence.add(room, entry, Date.now());
    else await presence.remove(room, entry);
    if (closing) return;
    const after = await presence.snapshot(room, Date.now());
    if (before.length !== after.users.length || before.some((u) => !after.users.includes(u))) io.to(room).emit("presence", await presenceMessage(room, after));
  };
  /**
   * After a member is removed, their sockets (on every instance) re-check the
   * project and task rooms they are in and leave those they may no longer join.
   */
  const leaveRoomsNoLongerAllowed = async (userId: string) => {
    for (const socket of await io.in(`user:${userId}`).fetchSockets()) {
      for (const room of socket.rooms) {
        if (!PRESENCE_KINDS.has(parseRoom(room)?.kind ?? "") || room.startsWith("workspace:")) continue;
        if (await mayJoin(ctx, userId, room).catch(() => false)) continue;
        socket.leave(room);
        await changePresence(room, { userId, socketId: socket.id }, false);
      }
    }
  };
  /**
   * Presence is best effort: while its store (Redis) or the database is down, joining, leaving and
   * heartbeats still work and presence catches up with the next change. An error here used to be
   * an unhandled rejection in a socket handler, which ended the process.
   */
  const tryPresence = (what: string, work: Promise<unknown>) =>
    work.catch((err: Error) => void logger.warn("presence unavailable", { what, err: err.message }));
  let closing = false;
  const cleanups = new Set<Promise<void>>();

  io.use((socket, next) => {
    authenticateSocket(ctx, socket.handshake.auth?.token).then(
      (data) => {
        if (!data) return next(new Error("UNAUTHORIZED: send a valid access token as auth.token"));
        socket.data = data;
        next();
      },
      (err) => next(err as Error),
    );
  });

  io.on("connection", (socket: Socket) => {
    const data = socket.data as SocketData;
    void socket.join([`user:${data.userId}`, `session:${data.sessionFamilyId}`]);
    const presenceRooms = () => [...socket.rooms].filter((r) => PRESENCE_KINDS.has(parseRoom(r)?.kind ?? ""));

    const heartbeat = setInterval(() => {
      for (const room of presenceRooms()) void tryPresence("heartbeat", presence.add(room, { userId: data.userId, socketId: socket.id }, Date.now()));
    }, HEARTBEAT_MS);
    heartbeat.unref();

    socket.on("join", async (rooms: unknown, ack?: unknown) => {
      const joined: string[] = [];
      const refused: string[] = [];
      for (const room of asRooms(rooms)) {
        const ok = await mayJoin(ctx, data.userId, room).catch(() => false);
        (ok ? joined : refused).push(room);
      }
      await socket.join(joined);
      for (const room of joined.filter((r) => PRESENCE_KINDS.has(parseRoom(r)!.kind))) {
        await tryPresence("join", changePresence(room, { userId: data.userId, socketId: socket.id }, true));
      }
      if (typeof ack === "function") ack({ joined, refused });
    });

    socket.on("leave", async (rooms: unknown, ack?: unknown) => {
      const left = asRooms(rooms).filter((r) => socket.rooms.has(r) && !r.startsWith("user:") && !r.startsWith("session:"));
      for (const room of left) {
        await socket.leave(room);
        if (PRESENCE_KINDS.has(parseRoom(room)?.kind ?? "")) await tryPresence("leave", changePresence(room, { userId: data.userId, socketId: socket.id }, false));
      }
      if (typeof ack === "function") ack({ left });
    });

    socket.on("presence", async (room: unknown, ack?: unknown) => {
      if (typeof ack !== "function") return;
      if (typeof room !== "string" || !socket.rooms.has(room)) return ack({ room, users: [] });
      // Unavailable: rev 0, which a client holding any snapshot ignores.
      const message = presence.snapshot(room, Date.now()).then((snapshot) => presenceMessage(room, snapshot));
      ack(await message.catch((err: Error) => (logger.warn("presence unavailable", { what: "snapshot", err: err.message }), { room, users: [], rev: 0 })));
    });

    socket.on("disconnecting", () => {
      clearInterval(heartbeat);
      const rooms = presenceRooms();
      const cleanup = (async () => {
        for (const room of rooms) await changePresence(room, { userId: data.userId, socketId: socket.id }, false);
      })().catch((err) => void logger.warn("presence cleanup failed", { err: (err as Error).message }));
      cleanups.add(cleanup);
      void cleanup.finally(() => cleanups.delete(cleanup));
    });
  });

  const unsubscribe = ctx.events.subscribe("realtime", async (event: AnyDomainEvent) => {
    if (event.type === "session.revoked") {
      const d = event.data;
      const rooms = [...(d.familyIds ?? []).map((f) => `session:${f}`), ...(d.userId ? [`user:${d.userId}`] : [])];
      if (rooms.length) io.in(rooms).disconnectSockets(true);
      return;
    }
    const rooms = event.rooms ?? (event.workspaceId ? [`workspace:${event.workspaceId}`] : []);
    if (!rooms.length) return;
    if (event.type === "member.removed") {
      // Tell them first (through their user room), then take them out of the workspace room.
      const userId = event.data.userId;
      io.to([...rooms, `user:${userId}`]).emit(event.type, { type: event.type, workspaceId: event.workspaceId, data: event.data, actorId: event.actorId, at: event.at });
      io.in(`user:${userId}`).socketsLeave(`workspace:${event.workspaceId}`);
      await leaveRoomsNoLongerAllowed(userId);
      return;
    }
    if (event.type === "workspace.deleted") {
      io.to(rooms).emit(event.type, { type: event.type, workspaceId: event.workspaceId, data: event.data, actorId: event.actorId, at: event.at });
      io.in(rooms).socketsLeave(rooms);
      return;
    }
    io.to(rooms).emit(event.type, { type: event.type, workspaceId: event.workspaceId, data: event.data, actorId: event.actorId, at: event.at });
  });

  return {
    io,
    async close() {
      // Shutting down: remove our presence entries, tell no one (other instances' entries are untouched).
      closing = true;
      unsubscribe();
      io.disconnectSockets(true);
      while (cleanups.size) await Promise.allSettled([...cleanups]);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // QUIT would wait for Redis: a connection that is not connected just ends.
      await Promise.all(extraConnections.map((c) => (c.status === "ready" ? c.quit().catch(() => c.disconnect()) : c.disconnect())));
    },
  };
}
