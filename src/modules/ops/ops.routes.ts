import { z } from "../../lib/zod";
import type { AppContext } from "../../http/context";
import { defineRoute, type AnyRoute } from "../../http/route";

const health = z.object({ status: z.literal("ok"), uptime: z.number() }).openapi("Health");
const readiness = z
  .object({ status: z.enum(["ready", "unavailable"]), checks: z.object({ database: z.enum(["up", "down"]), redis: z.enum(["up", "down", "not configured"]), storage: z.enum(["up", "down"]) }), storageError: z.string().optional().openapi({ description: "What is wrong with the attachment storage, when it is down" }) })
  .openapi("Readiness");

async function check(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([probe().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness and readiness for load balancers and orchestrators. */
export function opsRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      base: "/api",
      path: "/health",
      summary: "Liveness: the process answers (no dependency checks)",
      tags: ["Operations"],
      auth: "none",
      responses: { 200: { description: "Alive", schema: health } },
      handler: async () => ({ body: { status: "ok", uptime: Math.round(process.uptime()) } }),
    }),
    defineRoute({
      method: "get",
      base: "/api",
      path: "/ready",
      summary: "Readiness: database, Redis and attachment storage reachable",
      tags: ["Operations"],
      auth: "none",
      responses: { 200: { description: "Ready", schema: readiness }, 503: { description: "A dependency is down", schema: readiness } },
      handler: async () => {
        const database = await check(() => ctx.db.$queryRaw`SELECT 1`);
        const redis = ctx.redis ? await check(() => ctx.redis!.ping()) : undefined;
        let storageError: string | undefined;
        const storage = await check(() => ctx.storage.check().catch((err: Error) => ((storageError = err.message), Promise.reject(err))), 5000);
        const ready = database && redis !== false && storage;
        return {
          status: ready ? 200 : 503,
          body: {
            status: ready ? "ready" : "unavailable",
            checks: { database: database ? "up" : "down", redis: redis === undefined ? "not configured" : redis ? "up" : "down", storage: storage ? "up" : "down" },
            ...(storageError && !storage ? { storageError } : {}),
          },
        };
      },
    }),
  ];
}
