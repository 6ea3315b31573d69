import { PrismaPg } from "@prisma/adapter-pg";
import { Pool, type QueryResultRow } from "pg";
import { PrismaClient } from "../generated/prisma/client";

export type Db = PrismaClient;
export { Prisma } from "../generated/prisma/client";

/** Parameterised SQL on the same connection pool as Prisma, for the few hot read paths. */
export interface Sql {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

const pools = new WeakMap<PrismaClient, Pool>();

/** A Prisma client on the pg driver adapter (no Rust engine; see RECIPES). */
export function createPrismaClient(connectionString: string, poolSize = 10): PrismaClient {
  const pool = new Pool({ connectionString, max: poolSize });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/**
 * The pg pool under a client made by createPrismaClient. Prisma's query
 * engine costs about 1 ms of CPU per query here, plain pg a tenth of that,
 * which is what the task list's budget (SPEC §8) needs; writes stay on Prisma.
 */
export function sqlOf(db: PrismaClient): Sql {
  const pool = pools.get(db);
  if (!pool) throw new Error("sqlOf: this Prisma client was not made by createPrismaClient");
  return pool;
}
