import type { RequestHandler } from "express";
import client from "prom-client";
import { readCache } from "../cache/reads";
import { sessionCache } from "../cache/sessions";
import type { AppContext } from "./context";

export interface Metrics {
  registry: client.Registry;
  middleware: RequestHandler;
}

/** Prometheus metrics: process defaults plus an HTTP duration histogram by route. */
export function createMetrics(ctx?: AppContext): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "teamflow_" });
  const duration = new client.Histogram({
    name: "teamflow_http_request_duration_seconds",
    help: "HTTP request duration by method, route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  if (ctx) {
    const sessions = sessionCache(ctx);
    const reads = readCache(ctx);
    new client.Counter({
      name: "teamflow_cache_requests_total",
      help: "Cache lookups by cache (session, reads) and result (hit, miss, bypass: the store failed)",
      labelNames: ["cache", "result"],
      registers: [registry],
      collect() {
        this.reset();
        this.inc({ cache: "session", result: "hit" }, sessions.hits);
        this.inc({ cache: "session", result: "miss" }, sessions.misses);
        this.inc({ cache: "reads", result: "hit" }, reads.hits);
        this.inc({ cache: "reads", result: "miss" }, reads.misses);
        this.inc({ cache: "reads", result: "bypass" }, reads.bypassed);
      },
    });
  }
  const middleware: RequestHandler = (req, res, next) => {
    const end = duration.startTimer();
    res.on("finish", () => {
      // The matched route pattern keeps label cardinality bounded (never raw ids).
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : "unmatched";
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
  return { registry, middleware };
}
