import type { Request, RequestHandler, Response } from "express";
import jwt from "jsonwebtoken";
import { AppError, unauthorized } from "../../lib/errors";
import { envelope, z } from "../../lib/zod";
import type { AppContext } from "../../http/context";
import { defineRoute, ok, type AnyRoute } from "../../http/route";
import { QUEUE_NAMES } from "../../jobs/job";
import { isInstallAdmin } from "./admin.policy";
import { enforce } from "../../access/permissions";

export const ADMIN_COOKIE = "tf_admin";
const ADMIN_TTL_SECONDS = 15 * 60;
const AUDIENCE = "teamflow-admin";

const requireAdmin = async (ctx: AppContext, userId: string) => {
  enforce(await isInstallAdmin(ctx, userId), "Only install admins (ADMIN_EMAILS or the owner of the first workspace) can do this.");
};

const failedJob = z
  .object({ id: z.string(), name: z.string(), queue: z.string(), payload: z.unknown(), error: z.string(), attempts: z.number().int(), failedAt: z.string() })
  .openapi("FailedJob");

export function adminRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "post",
      path: "/admin/session",
      summary: "Open the queue dashboard: sets a short-lived admin cookie for /admin (install admins)",
      description: "The web app keeps the access token in memory, so a browser tab opening /admin/queues needs this cookie.",
      tags: ["Admin"],
      auth: "required",
      sessionOnly: true,
      responses: { 200: { description: "Cookie set", schema: envelope(z.object({ url: z.string(), expiresIn: z.number().int() })) } },
      handler: async ({ res, auth }) => {
        await requireAdmin(ctx, auth.userId);
        const token = jwt.sign({ typ: "admin" }, ctx.secrets.jwtSecret, { subject: auth.userId, audience: AUDIENCE, expiresIn: ADMIN_TTL_SECONDS, algorithm: "HS256" });
        res.cookie(ADMIN_COOKIE, token, { httpOnly: true, sameSite: "strict", secure: ctx.config.isProduction, path: "/admin", maxAge: ADMIN_TTL_SECONDS * 1000 });
        return ok({ url: "/admin/queues", expiresIn: ADMIN_TTL_SECONDS });
      },
    }),
    defineRoute({
      method: "get",
      path: "/admin/jobs/failed",
      summary: "Jobs that used up their retries, newest first (install admins)",
      tags: ["Admin"],
      auth: "required",
      request: { query: z.object({ queue: z.enum(QUEUE_NAMES), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict() },
      responses: { 200: { description: "Failed jobs", schema: envelope(z.array(failedJob)) } },
      handler: async ({ auth, query }) => {
        await requireAdmin(ctx, auth.userId);
        const jobs = await ctx.jobs.failed(query.queue, query.limit);
        return ok(jobs.map((j) => ({ ...j, failedAt: j.failedAt.toISOString() })));
      },
    }),
  ];
}

/** Guards /admin/*: the admin cookie (or a Bearer access token) of an install admin; 401 otherwise, 403 for non-admins. */
export function adminGate(ctx: AppContext, authenticate: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next) => {
    const cookie = (req.cookies as Record<string, string> | undefined)?.[ADMIN_COOKIE];
    const check = (userId: string) =>
      requireAdmin(ctx, userId).then(() => next(), next);
    if (cookie) {
      try {
        const claims = jwt.verify(cookie, ctx.secrets.jwtSecret, { audience: AUDIENCE, algorithms: ["HS256"] }) as jwt.JwtPayload;
        if (claims.typ === "admin" && typeof claims.sub === "string") return void check(claims.sub);
      } catch {
        // fall through to the bearer token
      }
    }
    if (!req.headers.authorization) return next(unauthorized("Sign in as an install admin and open the dashboard from the app (Settings → Queues)."));
    authenticate(req, res, (err?: unknown) => {
      if (err) return next(err);
      if (!req.auth) return next(new AppError("UNAUTHORIZED", "Authentication required"));
      void check(req.auth.userId);
    });
  };
}
