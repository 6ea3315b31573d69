/**
 * How TeamFlow talks to PostgreSQL — one rule, followed everywhere (lint bans
 * `$queryRawUnsafe` and `$executeRawUnsafe`):
 *
 * 1. Prisma by default: every read and write of a service, inside
 *    `inTransaction()` when it writes more than one statement
 *    (events/unit-of-work.ts).
 * 2. `$queryRaw` / `$executeRaw` tagged templates (parameterised) where Prisma
 *    cannot say it: row locks (`SELECT … FOR UPDATE`, advisory locks), atomic
 *    counters and renumbering, full-text search, and report aggregates
 *    (workspaces, sprints, tasks' board moves, search, stats, the login lockout).
 * 3. The raw `pg` pool (`sqlOf()`, named statements via `prepared()`) only for
 *    these hot paths of SPEC §8, each pinned by a test that compares its output
 *    with the Prisma path's:
 *    - the session check of every authenticated request (auth/passport.ts);
 *    - the task list and one presented task (tasks/task-list.ts; pinned by
 *      "lists every task exactly as GET /tasks/:id shows it", tests/api/tasks.test.ts);
 *    - creating a task, and the project lookup before it (tasks/task-insert.ts,
 *      tasks.service.ts `projectForNewTask`; pinned by the create tests of
 *      tests/api/tasks.test.ts, which read every field back through Prisma);
 *    - creating a booking (bookings/booking-insert.ts: fifty people booking one
 *      slot at once spent ~60 % of the CPU in Prisma's query compiler; pinned by
 *      tests/api/bookings*.test.ts, which read the bookings, their history and
 *      ranks back through the Prisma paths). Statements a constraint may refuse
 *      go through `refusableSqlOf()`, which keeps the connection.
 *    A new entry needs a measured reason (npm run bench) and such a test.
 */
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool, type PoolClient, type QueryConfig, type QueryResultRow } from "pg";
import { PrismaClient } from "../generated/prisma/client";
import { logger } from "../lib/logger";

export type Db = PrismaClient;
export { Prisma } from "../generated/prisma/client";

/** Parameterised SQL on the same connection pool as Prisma, for the hot paths listed above. */
export interface Sql {
  query<R extends QueryResultRow>(query: string | QueryConfig, values?: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * A named (prepared) statement: each connection plans it once and reuses
 * the plan, which halves PostgreSQL's time on the short hot-path queries.
 * The name comes from the text, so different texts never share a name.
 */
export function prepared(text: string, values: unknown[]): QueryConfig {
  return { name: `tf_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`, text, values };
}

const pools = new WeakMap<PrismaClient, Pool>();

/**
 * A connection that dies while checked out (the server restarted or crashed
 * under a transaction) goes back to the pool, which drops it. Prisma's driver
 * adapter releases a transaction's connection only after its ROLLBACK, which
 * cannot run on a dead connection: without this, every interactive transaction
 * in flight during a database restart kept its connection for good, and once
 * the pool had lost them all every request waited for one and answered 503
 * long after the database was back (tests/resilience).
 */
function releaseDeadConnections(pool: Pool) {
  const checkedOut = new WeakSet<PoolClient>();
  pool.on("acquire", (client) => checkedOut.add(client));
  pool.on("release", (_err, client) => checkedOut.delete(client));
  pool.on("connect", (client) => {
    client.once("end", () => {
      if (!checkedOut.has(client)) return;
      const release = client.release;
      client.release = () => {}; // its holder may still release it: nothing left to do then
      release(new Error("database connection lost"));
    });
  });
}

/** A Prisma client on the pg driver adapter (no Rust engine; see RECIPES). */
export function createPrismaClient(connectionString: string, poolSize = 10): PrismaClient {
  // A connection attempt gives up after 10 s (pg waits for ever by default), so a hung database answers 503, not a hung request.
  const pool = new Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 10_000, application_name: "teamflow" });
  // An idle connection the server closed (a restart, an admin's pg_terminate_backend) is dropped
  // from the pool; without a listener pg would rethrow it and end the process.
  pool.on("error", (err) => logger.warn("database connection lost (it is replaced on next use)", { err: err.message }));
  releaseDeadConnections(pool);
  // pg and interactive transactions: inside a $transaction Prisma's query interpreter loads the sibling
  // relations of an `include` (taskInclude's assignees and labels) with Promise.all on the transaction's
  // one connection, so pg 8 queues the second client.query() and warns that this goes away in pg 9.
  // The queue keeps it correct on pg 8. Prisma's doing, not ours (prisma/orm#29407): stay on pg 8.x
  // ("^8" in package.json excludes 9) until @prisma/adapter-pg serialises a transaction's queries, then
  // upgrade and check tests/api/tasks.test.ts (PATCH, move) and bulk.test.ts.
  // An interactive transaction waits for a connection as long as a connection attempt may take (10 s), not
  // Prisma's default 2 s: a burst of writes on a cold or busy pool answered 503 while the database was fine.
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), transactionOptions: { maxWait: 10_000 } });
  pools.set(db, pool);
  return db;
}

/**
 * The pg pool under a client made by createPrismaClient, for the hot paths
 * listed at the top of this file only. Prisma's query engine costs about 1 ms
 * of CPU per query here, plain pg a tenth of that, which is what the budgets of
 * SPEC §8 need.
 */
export function sqlOf(db: PrismaClient): Sql {
  const pool = pools.get(db);
  if (!pool) throw new Error("sqlOf: this Prisma client was not made by createPrismaClient");
  return pool;
}

/**
 * Like sqlOf, for statements a constraint may refuse as a normal outcome (a
 * booking over a firm one: 23P01). pg's pool.query() releases its connection
 * with the error, which closes it: fifty parallel bookings of one slot cost
 * forty-nine reconnects (a PostgreSQL backend each, and the prepared
 * statements with it). A statement refused by the database (an error with a
 * SQLSTATE) leaves its connection usable, so it goes back to the pool; any
 * other error (the socket) still drops it.
 */
export function refusableSqlOf(db: PrismaClient): Sql {
  const pool = pools.get(db);
  if (!pool) throw new Error("refusableSqlOf: this Prisma client was not made by createPrismaClient");
  return {
    async query<R extends QueryResultRow>(query: string | QueryConfig, values?: unknown[]) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        return await client.query<R>(query, values);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code)) broken = err as Error;
        throw err;
      } finally {
        client.release(broken);
      }
    },
  };
}
