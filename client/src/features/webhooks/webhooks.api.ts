import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, type Schema } from "../../lib/api";

export type Webhook = Schema<"Webhook">;
export type WebhookWithSecret = Schema<"WebhookWithSecret">;
export type WebhookDelivery = Schema<"WebhookDelivery">;
export type WebhookEvent = Schema<"WebhookEvent">;

export const webhookKeys = {
  all: (workspaceId: string) => ["webhooks", workspaceId] as const,
  list: (workspaceId: string, page: number) => ["webhooks", workspaceId, "list", page] as const,
  deliveries: (workspaceId: string, webhookId: string, page: number) => ["webhooks", workspaceId, "deliveries", webhookId, page] as const,
  events: ["webhook-events"] as const,
  policy: ["webhook-policy"] as const,
};

export function useWebhookEvents() {
  return useQuery({ queryKey: webhookKeys.events, queryFn: () => api.get("/webhook-events"), staleTime: Infinity });
}

export type WebhookDeliveryPolicy = Schema<"WebhookDeliveryPolicy">;

export function useWebhookPolicy() {
  return useQuery({ queryKey: webhookKeys.policy, queryFn: () => call("get", "/webhook-policy", {}), staleTime: Infinity });
}

/** "10 s", "1.5 s", "2 min": a delay as a person reads it. */
export function formatDelay(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(1))} s`;
  return `${ms} ms`;
}

/** The page's sentence on timeouts and retries, from the server's configured policy. */
export function policySentence(policy: WebhookDeliveryPolicy | undefined): string {
  if (!policy) return "Answer 2xx quickly; anything else is retried.";
  const delays = policy.retryDelaysMs.map(formatDelay);
  const list = delays.length > 1 ? `${delays.slice(0, -1).join(", ")} and ${delays[delays.length - 1]}` : delays.join("");
  return `Answer 2xx within ${formatDelay(policy.timeoutMs)}; anything else is retried after ${list}. After ${policy.disableAfterFailures} deliveries in a row fail, the webhook is switched off and admins are told.`;
}

export function useWebhooks(workspaceId: string, page: number) {
  return useQuery({
    queryKey: webhookKeys.list(workspaceId, page),
    queryFn: () => call("get", "/workspaces/{workspaceId}/webhooks", { path: { workspaceId }, query: { page, perPage: 20 } }),
    placeholderData: keepPreviousData,
  });
}

export function useDeliveries(workspaceId: string, webhookId: string, page: number) {
  return useQuery({
    queryKey: webhookKeys.deliveries(workspaceId, webhookId, page),
    queryFn: () => call("get", "/webhooks/{id}/deliveries", { path: { id: webhookId }, query: { page, perPage: 20 } }),
    placeholderData: keepPreviousData,
    // Queued deliveries and retries finish by themselves: poll while any is still pending.
    refetchInterval: (query) => (query.state.data?.data.some((d) => d.status === "PENDING" || d.status === "RETRYING") ? 2000 : false),
  });
}

function useInvalidate(workspaceId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: webhookKeys.all(workspaceId) });
}

export interface WebhookInput {
  url: string;
  events: WebhookEvent[];
  description?: string | null;
  active?: boolean;
}

export function useCreateWebhook(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: (input: WebhookInput) => api.post("/workspaces/{workspaceId}/webhooks", { path: { workspaceId }, body: input }),
    onSuccess: () => void invalidate(),
  });
}

export function useUpdateWebhook(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({
    mutationFn: ({ id, ...body }: Partial<WebhookInput> & { id: string; version?: number }) => api.patch("/webhooks/{id}", { path: { id }, body }),
    onSuccess: () => void invalidate(),
  });
}

export function useDeleteWebhook(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({ mutationFn: (id: string) => api.delete("/webhooks/{id}", { path: { id } }), onSuccess: () => void invalidate() });
}

export function useRotateSecret(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({ mutationFn: (id: string) => api.post("/webhooks/{id}/rotate-secret", { path: { id } }), onSuccess: () => void invalidate() });
}

export function useTestWebhook(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({ mutationFn: (id: string) => api.post("/webhooks/{id}/test", { path: { id } }), onSuccess: () => void invalidate() });
}

export function useRedeliver(workspaceId: string) {
  const invalidate = useInvalidate(workspaceId);
  return useMutation({ mutationFn: (id: string) => api.post("/webhook-deliveries/{id}/redeliver", { path: { id } }), onSuccess: () => void invalidate() });
}

/** The Node snippet shown on the page and in the README: verify X-TeamFlow-Signature over the raw body. */
export const VERIFY_SNIPPET = `import crypto from "node:crypto";
import express from "express";

const app = express();
// Keep the raw bytes: the signature is over the body exactly as sent.
app.post("/teamflow", express.raw({ type: "application/json" }), (req, res) => {
  const expected = "sha256=" + crypto.createHmac("sha256", process.env.TEAMFLOW_WEBHOOK_SECRET)
    .update(req.body).digest("hex");
  const given = req.get("X-TeamFlow-Signature") ?? "";
  const ok = given.length === expected.length &&
    crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok) return res.status(401).send("bad signature");
  const { event, workspaceId, data } = JSON.parse(req.body.toString("utf8"));
  console.log(event, workspaceId, data, req.get("X-TeamFlow-Delivery"));
  res.sendStatus(204);
});
app.listen(3001);`;
