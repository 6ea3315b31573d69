import type { Redis } from "ioredis";

/** How long a presence entry lives without a heartbeat (a crashed process's entries vanish). */
export const PRESENCE_TTL_MS = 60_000;

export interface PresenceEntry {
  userId: string;
  socketId: string;
}

/**
 * Who is in a room. Entries carry an expiry refreshed by heartbeats, so
 * sockets of a process that died disappear on their own. Redis (a sorted set
 * per room scored by expiry) when configured, process memory otherwise.
 */
export interface PresenceStore {
  add(room: string, entry: PresenceEntry, now: number): Promise<void>;
  remove(room: string, entry: PresenceEntry): Promise<void>;
  /** Distinct user ids present in the room. */
  users(room: string, now: number): Promise<string[]>;
}

const member = (e: PresenceEntry) => `${e.userId}|${e.socketId}`;

export class RedisPresenceStore implements PresenceStore {
  constructor(private readonly redis: Redis, private readonly prefix = "tf:presence:") {}

  async add(room: string, entry: PresenceEntry, now: number) {
    const key = this.prefix + room;
    await this.redis.multi().zadd(key, now + PRESENCE_TTL_MS, member(entry)).pexpire(key, PRESENCE_TTL_MS * 2).exec();
  }

  async remove(room: string, entry: PresenceEntry) {
    await this.redis.zrem(this.prefix + room, member(entry));
  }

  async users(room: string, now: number) {
    const key = this.prefix + room;
    await this.redis.zremrangebyscore(key, "-inf", String(now));
    const members = await this.redis.zrange(key, "0", "-1");
    return [...new Set(members.map((m) => m.split("|")[0]))];
  }
}

export class MemoryPresenceStore implements PresenceStore {
  private rooms = new Map<string, Map<string, number>>();

  async add(room: string, entry: PresenceEntry, now: number) {
    let r = this.rooms.get(room);
    if (!r) this.rooms.set(room, (r = new Map()));
    r.set(member(entry), now + PRESENCE_TTL_MS);
  }

  async remove(room: string, entry: PresenceEntry) {
    this.rooms.get(room)?.delete(member(entry));
  }

  async users(room: string, now: number) {
    const r = this.rooms.get(room);
    if (!r) return [];
    for (const [m, expires] of r) if (expires <= now) r.delete(m);
    return [...new Set([...r.keys()].map((m) => m.split("|")[0]))];
  }
}
