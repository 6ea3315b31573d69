import type { Redis } from "ioredis";
import type { Config } from "../config/env";
import type { Secrets } from "../config/secrets";
import type { Db } from "../db/client";
import type { EventBus } from "../events/bus";
import type { JobQueue } from "../jobs";
import type { FileStorage } from "../modules/files";
import type { RoomAuthorizer } from "../realtime/rooms";

/** What every module needs, wired once in createApp and passed down explicitly. */
export interface AppContext {
  config: Config;
  secrets: Secrets;
  db: Db;
  /** Present when REDIS_URL is configured. */
  redis?: Redis;
  /** Domain events: subscribe here; they are emitted through a unit of work (events/unit-of-work.ts) and published after commit. */
  events: EventBus;
  /** Who may join which kind of realtime room (wired in src/context.ts). */
  rooms: ReadonlyMap<string, RoomAuthorizer>;
  /** Background jobs (BullMQ with Redis, in-process without). */
  jobs: JobQueue;
  /** Where attachment bytes live (STORAGE_DRIVER: local disk or S3). */
  storage: FileStorage;
  /** Clock, replaceable in tests. */
  now: () => Date;
  /** DNS for outgoing webhooks (the SSRF guard checks what it answers); default the system resolver. */
  resolveHost?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}
