import type { Redis } from "ioredis";
import type { Config } from "../config/env";
import type { Secrets } from "../config/secrets";
import type { Db } from "../db/client";
import type { EventBus } from "../events/bus";
import type { JobQueue } from "../jobs";

/** What every module needs, wired once in createApp and passed down explicitly. */
export interface AppContext {
  config: Config;
  secrets: Secrets;
  db: Db;
  /** Present when REDIS_URL is configured. */
  redis?: Redis;
  /** Domain events, published after commit. */
  events: EventBus;
  /** Background jobs (BullMQ with Redis, in-process without). */
  jobs: JobQueue;
  /** Clock, replaceable in tests. */
  now: () => Date;
}
