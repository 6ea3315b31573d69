import type { Redis } from "ioredis";

/** How long a presence entry lives without a heartbeat (a crashed process's entries vanish). */
export const PRESENCE_TTL_MS = 60_000;

export interface PresenceEntry {
  userId: string;
  socketId: string;
}

/**
 * Who is in a room, and `rev`: a number that grows with every snapshot, so a
 * client that receives two snapshots out of order (an answer that took long,
 * a broadcast from another instance) keeps the newer one.
 */
export interface PresenceSnapshot {
  users: string[];
  rev: number;
}

/**
 * Who is in a room. Entries carry an expiry refreshed by heartbeats, so
 * sockets of a process that died disappear on their own. Redis (a sorted set
 * per room scored by expiry) when configured, process memory otherwise.
 */
export interface PresenceStore {
  /** Adds the entry or refreshes its expiry (joins and heartbeats). */
  add(room: string, entry: PresenceEntry, now: number): Promise<void>;
  remove(room: string, entry: PresenceEntry): Promise<void>;
  /** Distinct user ids present in the room, read at one instant. */
  snapshot(room: string, now: number): Promise<PresenceSnapshot>;
}

const member = (e: PresenceEntry) => `${e.userId}|${e.socketId}`;
const distinctUsers = (members: Iterable<string>) => [...new Set([...members].map((m) => m.split("|")[0]!))];

export class RedisPresenceStore implements PresenceStore {
  constructor(private readonly redis: Redis, private readonly prefix = "tf:presence:") {}

  async add(room: string, entry: PresenceEntry, now: number) {
    const key = this.prefix + room;
    await this.redis.multi().zadd(key, now + PRESENCE_TTL_MS, member(entry)).pexpire(key, PRESENCE_TTL_MS * 2).exec();
  }

  async remove(room: string, entry: PresenceEntry) {
    await this.redis.zrem(this.prefix + room, member(entry));
  }

  /**
   * One transaction, so the members and the time belong together. `rev` is
   * Redis's own clock in microseconds: every instance shares it, and a
   * snapshot executed later sees every change executed before it.
   */
  async snapshot(room: string, now: number) {
    const key = this.prefix + room;
    const results = await this.redis.multi().zremrangebyscore(key, "-inf", String(now)).zrange(key, "0", "-1").time().exec();
    if (!results) throw new Error("presence snapshot: the Redis transaction was discarded");
    for (const [err] of results) if (err) throw err;
    const members = results[1]![1] as string[];
    const [seconds, micros] = results[2]![1] as [string, string];
    return { users: distinctUsers(members), rev: Number(seconds) * 1e6 + Number(micros) };
  }
}

export class MemoryPresenceStore implements PresenceStore {
  private rooms = new Map<string, Map<string, number>>();
  /** One process, one clock: a counter does. */
  private rev = 0;

  async add(room: string, entry: PresenceEntry, now: number) {
    let r = this.rooms.get(room);
    if (!r) this.rooms.set(room, (r = new Map()));
    r.set(member(entry), now + PRESENCE_TTL_MS);
  }

  async remove(room: string, entry: PresenceEntry) {
    this.rooms.get(room)?.delete(member(entry));
  }

  async snapshot(room: string, now: number) {
    const r = this.rooms.get(room);
    if (r) for (const [m, expires] of r) if (expires <= now) r.delete(m);
    return { users: r ? distinctUsers(r.keys()) : [], rev: ++this.rev };
  }
}
