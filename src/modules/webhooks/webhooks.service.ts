import crypto from "node:crypto";
import type { Prisma, WebhookDelivery, WebhookEndpoint } from "../../generated/prisma/client";
import type { AppContext } from "../../http/context";
import { skipTake, type Page } from "../../http/pagination";
import { AppError, conflict, notFound } from "../../lib/errors";
import { logger } from "../../lib/logger";
import { defineJob } from "../../jobs/job";
import { z } from "../../lib/zod";
import { enforce, requireMembership, roleDenies } from "../../access/permissions";
import { updateVersioned } from "../../db/versioned";
import { inTransaction } from "../../events/unit-of-work";
import type { AnyDomainEvent } from "../../events/catalogue";
import { sendWebhook, signatureOf, type AttemptOutcome } from "./webhooks.delivery";
import { isWebhookEvent, TEST_EVENT } from "./webhooks.events";
import { canManageWebhooks } from "./webhooks.policy";
import { presentDelivery, presentWebhook, presentWebhookWithSecret } from "./webhooks.presenter";
import type { WebhookInput, WebhookUpdate } from "./webhooks.schema";
import { checkWebhookUrl, systemResolver } from "./webhooks.ssrf";

/**
 * Webhook endpoints of a workspace and their deliveries (SPEC §4.9): an event
 * published after commit becomes one delivery per subscribed endpoint, sent by
 * the `webhooks.deliver` job with retries; an endpoint whose deliveries keep
 * failing is switched off and its workspace's owners and admins are told.
 */

const MAX_ENDPOINTS = 50;
/** Tries in all: the first and 3 retries after 1×, 2×, 4× WEBHOOK_RETRY_BASE_MS. */
export const DELIVERY_ATTEMPTS = 4;

/** The configured timeout, retry delays and disabling threshold, as the webhooks page explains them. */
export function deliveryPolicy(ctx: AppContext) {
  const base = ctx.config.WEBHOOK_RETRY_BASE_MS;
  return {
    timeoutMs: ctx.config.WEBHOOK_TIMEOUT_MS,
    attempts: DELIVERY_ATTEMPTS,
    retryDelaysMs: Array.from({ length: DELIVERY_ATTEMPTS - 1 }, (_, i) => base * 2 ** i),
    disableAfterFailures: ctx.config.WEBHOOK_DISABLE_AFTER_FAILURES,
  };
}

const newSecret = () => `whsec_${crypto.randomBytes(24).toString("base64url")}`;
const resolverOf = (ctx: AppContext) => ctx.resolveHost ?? systemResolver;

async function assertUrlAllowed(ctx: AppContext, url: string) {
  const why = await checkWebhookUrl(url, { allowPrivate: ctx.config.WEBHOOK_ALLOW_PRIVATE, resolve: resolverOf(ctx) });
  if (why) throw new AppError("VALIDATION_ERROR", `The webhook URL ${why}.`, [{ field: "url", message: why }]);
}

async function requireManager(ctx: AppContext, userId: string, workspaceId: string) {
  const role = await requireMembership(ctx.db, workspaceId, userId);
  enforce(canManageWebhooks(role), roleDenies(role, "managing webhooks (owners and admins)"));
}

/** An endpoint the caller may manage; 404 for other workspaces (and for members who are not admins: 403). */
async function loadEndpoint(ctx: AppContext, userId: string, id: string): Promise<WebhookEndpoint> {
  const w = await ctx.db.webhookEndpoint.findUnique({ where: { id } });
  if (!w) throw notFound("Webhook");
  const role = await requireMembership(ctx.db, w.workspaceId, userId).catch(() => {
    throw notFound("Webhook");
  });
  enforce(canManageWebhooks(role), roleDenies(role, "managing webhooks (owners and admins)"));
  return w;
}

export async function listWebhooks(ctx: AppContext, userId: string, workspaceId: string, page: Page) {
  await requireManager(ctx, userId, workspaceId);
  const where = { workspaceId };
  const [total, rows] = await Promise.all([ctx.db.webhookEndpoint.count({ where }), ctx.db.webhookEndpoint.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], ...skipTake(page) })]);
  return { total, rows: rows.map(presentWebhook) };
}

export async function getWebhook(ctx: AppContext, userId: string, id: string) {
  return presentWebhook(await loadEndpoint(ctx, userId, id));
}

/** Creates an endpoint with a new secret; the answer is the only time the secret is shown (until rotated). */
export async function createWebhook(ctx: AppContext, userId: string, workspaceId: string, input: WebhookInput) {
  await requireManager(ctx, userId, workspaceId);
  await assertUrlAllowed(ctx, input.url);
  return inTransaction(ctx, async ({ tx }) => {
    await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${workspaceId}::uuid FOR UPDATE`;
    if ((await tx.webhookEndpoint.count({ where: { workspaceId } })) >= MAX_ENDPOINTS) throw conflict(`A workspace can have at most ${MAX_ENDPOINTS} webhooks; delete one first.`);
    const w = await tx.webhookEndpoint.create({
      data: { workspaceId, url: input.url, description: input.description ?? null, events: input.events, active: input.active ?? true, secret: newSecret(), createdById: userId },
    });
    return presentWebhookWithSecret(w);
  });
}

/** URL (checked again), events, description, active; switching it on again clears the failure count. */
export async function updateWebhook(ctx: AppContext, userId: string, id: string, input: WebhookUpdate) {
  const current = await loadEndpoint(ctx, userId, id);
  if (input.url !== undefined && input.url !== current.url) await assertUrlAllowed(ctx, input.url);
  const reenable = input.active === true && !current.active;
  await updateVersioned({
    resource: "webhook",
    expected: input.version,
    claim: (version) =>
      ctx.db.webhookEndpoint.updateMany({
        where: { id, ...version },
        data: {
          url: input.url,
          events: input.events,
          description: input.description,
          active: input.active,
          ...(input.active === false ? { disabledReason: null } : {}),
          ...(reenable ? { consecutiveFailures: 0, disabledReason: null, disabledAt: null } : {}),
          version: { increment: 1 },
        },
      }),
    current: async () => presentWebhook(await ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id } })),
  });
  return presentWebhook(await ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id } }));
}

/** A new secret; the old one stops signing at once. */
export async function rotateSecret(ctx: AppContext, userId: string, id: string) {
  await loadEndpoint(ctx, userId, id);
  return presentWebhookWithSecret(await ctx.db.webhookEndpoint.update({ where: { id }, data: { secret: newSecret(), version: { increment: 1 } } }));
}

/** Deletes the endpoint and its delivery log; queued deliveries find nothing and end. */
export async function deleteWebhook(ctx: AppContext, userId: string, id: string) {
  await loadEndpoint(ctx, userId, id);
  await ctx.db.webhookEndpoint.deleteMany({ where: { id } });
}

export async function listDeliveries(ctx: AppContext, userId: string, id: string, query: Page & { status?: WebhookDelivery["status"] }) {
  await loadEndpoint(ctx, userId, id);
  const where = { endpointId: id, ...(query.status ? { status: query.status } : {}) };
  const [total, rows] = await Promise.all([ctx.db.webhookDelivery.count({ where }), ctx.db.webhookDelivery.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], ...skipTake(query) })]);
  return { total, rows: rows.map(presentDelivery) };
}

/** The delivery and its endpoint, for the caller (404 across workspaces). */
async function loadDelivery(ctx: AppContext, userId: string, deliveryId: string) {
  const d = await ctx.db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!d) throw notFound("Delivery");
  const endpoint = await loadEndpoint(ctx, userId, d.endpointId).catch((err: unknown) => {
    throw err instanceof AppError && err.code === "FORBIDDEN" ? err : notFound("Delivery");
  });
  return { delivery: d, endpoint };
}

export async function getDelivery(ctx: AppContext, userId: string, deliveryId: string) {
  return presentDelivery((await loadDelivery(ctx, userId, deliveryId)).delivery);
}

/** The JSON body of SPEC §4.9, serialised once: retries and redeliveries send the same bytes. */
export const payloadOf = (event: string, timestamp: string, workspaceId: string, data: unknown) => JSON.stringify({ event, timestamp, workspaceId, data });

/** Sends one `webhook.test` right now (one attempt, no retries, not counted towards disabling) and returns its log entry. */
export async function testWebhook(ctx: AppContext, userId: string, id: string) {
  const w = await loadEndpoint(ctx, userId, id);
  const body = payloadOf(TEST_EVENT, ctx.now().toISOString(), w.workspaceId, { webhookId: w.id, message: "A test delivery from TeamFlow: your endpoint is reachable." });
  const d = await ctx.db.webhookDelivery.create({ data: { endpointId: w.id, workspaceId: w.workspaceId, event: TEST_EVENT, body, test: true } });
  await attemptDelivery(ctx, d.id, 1);
  return presentDelivery(await ctx.db.webhookDelivery.findUniqueOrThrow({ where: { id: d.id } }));
}

/** Queues the same payload again as a new delivery (with its own id and retries), also for a switched-off endpoint. */
export async function redeliver(ctx: AppContext, userId: string, deliveryId: string) {
  const { delivery: d } = await loadDelivery(ctx, userId, deliveryId);
  const again = await ctx.db.webhookDelivery.create({ data: { endpointId: d.endpointId, workspaceId: d.workspaceId, event: d.event, body: d.body, test: d.test, redeliveryOfId: d.id } });
  await ctx.jobs.enqueue(deliverWebhookJob(ctx), { deliveryId: again.id }, { jobId: again.id });
  return presentDelivery(again);
}

/**
 * The `webhooks.deliver` job: one try per run. A failed try throws, so the
 * queue (BullMQ or in-process, same rules) runs it again after 1×, 2×, 4×
 * WEBHOOK_RETRY_BASE_MS; the last failure is recorded and not thrown.
 */
export const deliverWebhookJob = (ctx: AppContext) =>
  defineJob({
    name: "webhooks.deliver",
    queue: "webhooks",
    // priorAttempts: tries already made before this job (a delivery resumed by the stuck sweep).
    schema: z.object({ deliveryId: z.uuid(), priorAttempts: z.number().int().min(0).max(DELIVERY_ATTEMPTS).optional() }),
    attempts: DELIVERY_ATTEMPTS,
    backoffMs: ctx.config.WEBHOOK_RETRY_BASE_MS,
    perform: async ({ deliveryId, priorAttempts = 0 }, run) => {
      const result = await attemptDelivery(ctx, deliveryId, run.attempt + priorAttempts);
      if (result === "retry") throw new Error(`webhook delivery ${deliveryId} failed (attempt ${run.attempt}); retrying`);
    },
  });

/** What the fan-out needs of an event (a job payload: plain JSON). */
export interface WebhookEventRecord {
  /** Chosen when the event is queued: the fan-out's deliveries are named after it, so a retried fan-out makes no duplicates. */
  key?: string;
  type: string;
  workspaceId: string;
  at: string;
  data: unknown;
}

/** A UUID (version 8 layout) derived from the event's key and the endpoint: the same pair always names the same delivery. */
function deliveryIdOf(eventKey: string, endpointId: string): string {
  const h = crypto.createHash("sha256").update(`${eventKey}:${endpointId}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * An event, after its commit: one delivery per active endpoint of its
 * workspace subscribed to its type, each queued as a `webhooks.deliver` job.
 */
export async function enqueueDeliveries(ctx: AppContext, event: WebhookEventRecord): Promise<void> {
  const endpoints = await ctx.db.webhookEndpoint.findMany({ where: { workspaceId: event.workspaceId, active: true, events: { has: event.type } }, select: { id: true } });
  if (!endpoints.length) return;
  const body = payloadOf(event.type, event.at, event.workspaceId, event.data);
  const key = event.key ?? crypto.randomUUID();
  const rows = endpoints.map((e) => ({ id: deliveryIdOf(key, e.id), endpointId: e.id, workspaceId: event.workspaceId, event: event.type, body }));
  // A fan-out retried after its rows were written (the queue failed to take a job) writes none again.
  await ctx.db.webhookDelivery.createMany({ data: rows, skipDuplicates: true });
  for (const r of rows) await ctx.jobs.enqueue(deliverWebhookJob(ctx), { deliveryId: r.id }, { jobId: r.id });
}

/**
 * The `webhooks.fan-out` job: finds an event's endpoints and queues their
 * deliveries. A job rather than work in the subscriber, so an event published
 * while the database is unreachable is retried by the queue instead of lost.
 */
export const fanOutWebhookJob = (ctx: AppContext) =>
  defineJob({
    name: "webhooks.fan-out",
    queue: "webhooks",
    schema: z.object({ key: z.string().max(100).optional(), type: z.string(), workspaceId: z.uuid(), at: z.string(), data: z.unknown() }),
    attempts: 8,
    backoffMs: 5000,
    perform: (event) => enqueueDeliveries(ctx, event as WebhookEventRecord),
  });

/** The subscriber's part: webhook-worthy events become fan-out jobs (no database call). */
export async function queueFanOut(ctx: AppContext, event: AnyDomainEvent): Promise<void> {
  if (!event.workspaceId || !isWebhookEvent(event.type)) return;
  const key = crypto.randomUUID();
  await ctx.jobs.enqueue(fanOutWebhookJob(ctx), { key, type: event.type, workspaceId: event.workspaceId, at: event.at, data: event.data }, { jobId: `fan-out-${key}` });
}

export type AttemptResult = "done" | "retry";

/**
 * One attempt of a delivery (attempt 1 = the first try), recorded in its log.
 * Answers "retry" when it failed and another try is due (the job throws so the
 * queue retries it with backoff); a final failure counts towards disabling.
 */
export async function attemptDelivery(ctx: AppContext, deliveryId: string, attempt: number): Promise<AttemptResult> {
  const d = await ctx.db.webhookDelivery.findUnique({ where: { id: deliveryId }, include: { endpoint: true } });
  if (!d) return "done"; // its endpoint was deleted
  const manual = d.test || d.redeliveryOfId !== null;
  if (!d.endpoint.active && !manual) {
    await ctx.db.webhookDelivery.update({ where: { id: d.id }, data: { status: "FAILED", error: "Not sent: the webhook was switched off", nextAttemptAt: null } });
    return "done";
  }
  const at = ctx.now();
  // Claims this attempt: a second run of the same attempt (a resumed delivery whose
  // original job turned up after all, a stalled job run again) sends nothing.
  const claimed = await ctx.db.webhookDelivery.updateMany({
    where: { id: d.id, attempts: attempt - 1, status: { in: ["PENDING", "RETRYING"] } },
    data: { attempts: attempt, lastAttemptAt: at },
  });
  if (!claimed.count) return "done";
  const outcome: AttemptOutcome = await sendWebhook(
    d.endpoint.url,
    d.body,
    {
      "X-TeamFlow-Signature": signatureOf(d.body, d.endpoint.secret),
      "X-TeamFlow-Event": d.event,
      "X-TeamFlow-Delivery": d.id,
      "X-TeamFlow-Timestamp": String(Math.floor(at.getTime() / 1000)),
    },
    { timeoutMs: ctx.config.WEBHOOK_TIMEOUT_MS, allowPrivate: ctx.config.WEBHOOK_ALLOW_PRIVATE, resolve: resolverOf(ctx) },
  );
  const retry = !outcome.ok && !outcome.refused && !d.test && attempt < DELIVERY_ATTEMPTS;
  const delay = ctx.config.WEBHOOK_RETRY_BASE_MS * 2 ** (attempt - 1);
  const recordAttempt = (db: Prisma.TransactionClient) =>
    db.webhookDelivery.update({
      where: { id: d.id },
      data: {
        status: outcome.ok ? "SUCCEEDED" : retry ? "RETRYING" : "FAILED",
        attempts: attempt,
        responseStatus: outcome.status,
        responseBody: outcome.body,
        durationMs: outcome.durationMs,
        error: outcome.error,
        lastAttemptAt: at,
        nextAttemptAt: retry ? new Date(at.getTime() + delay) : null,
      },
    });
  if (d.test || retry) {
    await recordAttempt(ctx.db);
    return retry ? "retry" : "done";
  }
  // The outcome and the endpoint's run of failures in one transaction: nobody sees a delivery
  // settled while its endpoint has not counted it yet.
  if (outcome.ok) {
    await ctx.db.$transaction(async (tx) => {
      await recordAttempt(tx);
      if (d.endpoint.consecutiveFailures > 0) await tx.webhookEndpoint.update({ where: { id: d.endpointId }, data: { consecutiveFailures: 0 } });
    });
    return "done";
  }
  await failForGood(ctx, d.endpoint, outcome.error ?? "failed", recordAttempt);
  return "done";
}

/**
 * A delivery failed for good (recorded by `recordAttempt`, in the same transaction): the
 * endpoint's run of failures grows, and at WEBHOOK_DISABLE_AFTER_FAILURES it is switched off.
 */
async function failForGood(ctx: AppContext, endpoint: WebhookEndpoint, lastError: string, recordAttempt: (db: Prisma.TransactionClient) => Promise<unknown>) {
  const limit = ctx.config.WEBHOOK_DISABLE_AFTER_FAILURES;
  await inTransaction(ctx, async ({ tx, emit }) => {
    await recordAttempt(tx);
    const after = await tx.webhookEndpoint.update({ where: { id: endpoint.id }, data: { consecutiveFailures: { increment: 1 } } });
    if (after.consecutiveFailures < limit) return;
    const reason = `${after.consecutiveFailures} deliveries in a row failed (last: ${lastError.slice(0, 300)})`;
    // Claimed once: only the delivery that switches it off tells the admins.
    const claimed = await tx.webhookEndpoint.updateMany({ where: { id: endpoint.id, active: true }, data: { active: false, disabledReason: reason, disabledAt: ctx.now(), version: { increment: 1 } } });
    if (!claimed.count) return;
    logger.warn("webhook disabled after repeated failures", { webhookId: endpoint.id, failures: after.consecutiveFailures });
    emit({ type: "webhook.disabled", workspaceId: endpoint.workspaceId, actorId: null, rooms: [], data: { id: endpoint.id, workspaceId: endpoint.workspaceId, url: endpoint.url, failures: after.consecutiveFailures, reason } });
  });
}

/** A delivery whose next try is this late has lost its job (e.g. the in-process queue of an embedded install that restarted). */
export const STUCK_AFTER_MS = 5 * 60_000;

/**
 * Queues again the deliveries whose job is gone: PENDING ones never tried and
 * RETRYING ones whose next try is overdue by STUCK_AFTER_MS. The job resumes at
 * the next attempt number; the attempt claim in attemptDelivery keeps a
 * delivery whose original job still runs from being sent twice.
 */
export async function resumeStuckDeliveries(ctx: AppContext): Promise<{ resumed: number }> {
  const cutoff = new Date(ctx.now().getTime() - STUCK_AFTER_MS);
  const stuck = await ctx.db.webhookDelivery.findMany({
    where: {
      OR: [
        { status: "PENDING", attempts: 0, createdAt: { lt: cutoff } },
        { status: "PENDING", attempts: { gt: 0 }, lastAttemptAt: { lt: cutoff } },
        { status: "RETRYING", nextAttemptAt: { lt: cutoff } },
      ],
    },
    select: { id: true, attempts: true },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  for (const d of stuck) {
    // One job per delivery and attempt number, so overlapping sweeps queue it once.
    await ctx.jobs.enqueue(deliverWebhookJob(ctx), { deliveryId: d.id, priorAttempts: d.attempts }, { jobId: `${d.id}-resume-${d.attempts}` });
  }
  if (stuck.length) logger.info("webhook deliveries resumed", { count: stuck.length });
  return { resumed: stuck.length };
}

/** Maintenance, every 5 minutes: see resumeStuckDeliveries. */
export const resumeStuckDeliveriesJob = (ctx: AppContext) =>
  defineJob({
    name: "webhooks.resume-stuck",
    queue: "maintenance",
    schema: z.object({}).strict(),
    perform: () => resumeStuckDeliveries(ctx),
  });
