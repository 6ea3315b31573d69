import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import compression from "compression";
import cookieParser from "cookie-parser";
import cors from "cors";
import express, { type Express, type RequestHandler } from "express";
import helmet from "helmet";
import { BullMqJobQueue } from "../jobs";
import swaggerUi from "swagger-ui-express";
import { AppError } from "../lib/errors";
import { logger } from "../lib/logger";
import { activityRoutes } from "../modules/activity";
import { adminGate, adminRoutes } from "../modules/admin";
import { authenticate, authRoutes, createPassport, oauthRoutes } from "../modules/auth";
import { artistRoutes, availabilityRoutes, bookingRoutes } from "../modules/bookings";
import { attachmentRoutes } from "../modules/files";
import { aiRoutes } from "../modules/ai";
import { notificationRoutes } from "../modules/notifications";
import { labelRoutes } from "../modules/labels";
import { opsRoutes } from "../modules/ops";
import { searchRoutes } from "../modules/search";
import { sprintRoutes } from "../modules/sprints";
import { artifactRoutes } from "../modules/artifacts";
import { assistantRoutes } from "../modules/assistant";
import { blueprintRoutes } from "../modules/blueprint";
import { jobListingRoutes, publicJobListingRoutes } from "../modules/job-listings";
import { documentRoutes } from "../modules/documents";
import { timelineRoutes } from "../modules/timeline";
import { statsRoutes } from "../modules/stats";
import { projectRoutes } from "../modules/projects";
import { taskRoutes } from "../modules/tasks";
import { workspaceRoutes } from "../modules/workspaces";
import { webhookRoutes } from "../modules/webhooks";
import type { AppContext } from "./context";
import { apiNotFound, errorHandler, sendError } from "./errors";
import { createMetrics } from "./metrics";
import { buildOpenApiDocument } from "./openapi";
import { createRateLimiters } from "./rate-limit";
import { toHandler, type AnyRoute } from "./route";

export interface AppOptions {
  /** Key prefix of the rate-limit counters (tests isolate runs with it). */
  rateLimitPrefix?: string;
  /** Built web app to serve; default dist/client next to the server build. */
  clientDir?: string;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get("x-request-id");
  req.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  res.setHeader("X-Request-Id", req.requestId);
  next();
};

const requestLog: RequestHandler = (req, res, next) => {
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    logger.http("request", {
      requestId: req.requestId,
      method: req.method,
      path: req.originalUrl.split("?")[0],
      status: res.statusCode,
      durationMs: Math.round(ms * 10) / 10,
      userId: req.auth?.userId,
      ip: req.ip,
    });
  });
  next();
};

/**
 * Bodies must be JSON: anything else on a write is 415 rather than a confusing validation error.
 * The routes that take `multipart` (uploads, e.g. POST /api/v1/attachments) get their multipart body through, streamed.
 */
function requireJsonBody(routes: AnyRoute[]): RequestHandler {
  // Paths may have parameters (POST /projects/:id/documents): each `:name` matches one path segment.
  const pattern = (r: AnyRoute) => new RegExp(`^${r.method.toUpperCase()} ${(r.base ?? "/api/v1") + r.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z]+/g, "[^/]+")}$`);
  const multipart = routes.filter((r) => r.multipart).map(pattern);
  return (req, _res, next) => {
    const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
    const key = `${req.method} ${req.baseUrl}${req.path}`;
    if (req.is("multipart/form-data") && multipart.some((re) => re.test(key))) return next();
    if (hasBody && !["GET", "HEAD", "DELETE", "OPTIONS"].includes(req.method) && !req.is("application/json")) {
      return next(new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with Content-Type: application/json"));
    }
    next();
  };
}

export function defaultClientDir() {
  return path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../../client" : "../../dist/client");
}

/** Every route of the API, in mount order; the OpenAPI document is built from the same list. */
export function apiRoutes(ctx: AppContext, passport = createPassport(ctx)): AnyRoute[] {
  return [...opsRoutes(ctx), ...authRoutes(ctx, passport), ...oauthRoutes(ctx, passport), ...workspaceRoutes(ctx), ...activityRoutes(ctx), ...notificationRoutes(ctx), ...adminRoutes(ctx), ...projectRoutes(ctx), ...taskRoutes(ctx), ...labelRoutes(ctx), ...searchRoutes(ctx), ...sprintRoutes(ctx), ...timelineRoutes(ctx), ...artifactRoutes(ctx), ...statsRoutes(ctx), ...artistRoutes(ctx), ...bookingRoutes(ctx), ...availabilityRoutes(ctx), ...jobListingRoutes(ctx), ...publicJobListingRoutes(ctx), ...attachmentRoutes(ctx), ...documentRoutes(ctx), ...aiRoutes(ctx), ...assistantRoutes(ctx), ...blueprintRoutes(ctx), ...webhookRoutes(ctx)];
}

/** Builds the Express app without listening, so tests drive it in-process. */
export function createApp(ctx: AppContext, options: AppOptions = {}): Express {
  const app = express();
  const passport = createPassport(ctx);
  const routes = apiRoutes(ctx, passport);
  const limiters = createRateLimiters(ctx, options.rateLimitPrefix);
  const metrics = createMetrics(ctx);
  const openApi = buildOpenApiDocument(routes, ctx.config.APP_URL);

  app.disable("x-powered-by");
  app.set("trust proxy", ctx.config.TRUST_PROXY);
  app.use(requestId, metrics.middleware, requestLog);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", "data:", "blob:"],
          fontSrc: ["'self'", "data:"],
          // Socket.IO: same-origin websocket plus its long-polling fallback.
          connectSrc: ["'self'", "ws:", "wss:"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: ctx.config.isProduction ? [] : null,
        },
      },
      strictTransportSecurity: ctx.config.isProduction,
    }),
  );
  app.use(compression());

  const allowedOrigins = new Set([new URL(ctx.config.APP_URL).origin, ...ctx.config.CORS_ORIGINS]);
  app.use(
    "/api",
    cors({
      origin: (origin, cb) => cb(null, !origin || allowedOrigins.has(origin)),
      credentials: true,
      exposedHeaders: ["X-Request-Id", "RateLimit", "RateLimit-Policy", "Retry-After"],
      maxAge: 600,
    }),
  );
  app.use("/api", cookieParser(), requireJsonBody(routes), express.json({ limit: "1mb" }));

  for (const route of routes) {
    const chain: RequestHandler[] = [];
    const perUser = route.rateLimit === "upload";
    if (route.rateLimit && !perUser) chain.push(limiters[route.rateLimit]);
    chain.push(authenticate(ctx, passport, route.auth, route.sessionOnly));
    // After authentication, so they count per user.
    if ((!route.rateLimit || perUser) && route.base !== "/api") chain.push(limiters.api);
    // A route that takes JSON or multipart (POST /projects/:id/documents) counts only its multipart uploads.
    if (perUser) chain.push(route.multipart && route.request?.body ? (req, res, next) => (req.is("multipart/form-data") ? limiters.upload(req, res, next) : next()) : limiters.upload);
    app[route.method](`${route.base ?? "/api/v1"}${route.path}`, ...chain, toHandler(route, ctx.config.NODE_ENV === "test"));
  }
  app.use("/api", apiNotFound);

  app.get("/metrics", async (req, res) => {
    const token = ctx.config.METRICS_TOKEN;
    if (token && req.get("authorization") !== `Bearer ${token}`) {
      return sendError(req, res, 401, "UNAUTHORIZED", "Metrics require Authorization: Bearer <METRICS_TOKEN>");
    }
    res.setHeader("Content-Type", metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  app.get("/openapi.json", (_req, res) => {
    res.json(openApi);
  });
  app.use("/docs", swaggerUi.serve, swaggerUi.setup(openApi, { customSiteTitle: "TeamFlow API" }));
  app.use("/admin", cookieParser(), adminGate(ctx, authenticate(ctx, passport, "required", true)), queueDashboard(ctx));

  if (ctx.config.SERVE_CLIENT) serveClient(app, options.clientDir ?? defaultClientDir());
  app.use(errorHandler);
  return app;
}

/** Bull Board over the BullMQ queues; without Redis there are no queues to show. */
function queueDashboard(ctx: AppContext): RequestHandler {
  if (!(ctx.jobs instanceof BullMqJobQueue)) {
    return (req, res) =>
      sendError(req, res, 503, "SERVICE_UNAVAILABLE", "The queue dashboard needs Redis (set REDIS_URL). Failed jobs: GET /api/v1/admin/jobs/failed?queue=email");
  }
  let dashboard: Promise<express.Router> | undefined;
  return (req, res, next) => {
    dashboard ??= queueDashboardRouter(ctx.jobs as BullMqJobQueue).catch((err) => {
      dashboard = undefined; // the next visit tries again
      throw err;
    });
    dashboard.then((router) => router(req, res, next), next);
  };
}

/** Bull Board is loaded by the first visit, not at startup: about 7 MB of resident memory most installs never use. */
async function queueDashboardRouter(jobs: BullMqJobQueue): Promise<express.Router> {
  const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }] = await Promise.all([
    import("@bull-board/api"),
    import("@bull-board/api/bullMQAdapter"),
    import("@bull-board/express"),
  ]);
  const adapter = new ExpressAdapter();
  adapter.setBasePath("/admin/queues");
  createBullBoard({ queues: jobs.allQueues().map((q) => new BullMQAdapter(q)), serverAdapter: adapter, options: { uiConfig: { boardTitle: "TeamFlow jobs" } } });
  const router = express.Router();
  router.use("/queues", adapter.getRouter());
  return router;
}

/** The built SPA with client-side routing fallback; API paths never fall back to HTML. */
function serveClient(app: Express, clientDir: string) {
  const indexHtml = path.join(clientDir, "index.html");
  app.use("/assets", express.static(path.join(clientDir, "assets"), { immutable: true, maxAge: "1y", fallthrough: false }));
  app.use(express.static(clientDir, { index: false }));
  app.use((req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || /^\/(api|socket\.io|metrics|docs|admin|openapi\.json)(\/|$)/.test(req.path)) return next();
    if (!fs.existsSync(indexHtml)) {
      res.status(503).type("text/plain").send("The web app is not built yet. Run `npm run build` (npm start does it automatically).");
      return;
    }
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(indexHtml);
  });
}
