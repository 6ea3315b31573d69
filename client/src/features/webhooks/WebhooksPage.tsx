import { Plus, Send, Webhook as WebhookIcon } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { PageHeader, Section } from "../../components/ui/Card";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { can } from "../../lib/permissions";
import { useMe } from "../../lib/session";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { DeliveryLog } from "./DeliveryLog";
import { SecretDialog } from "./SecretDialog";
import { WebhookFormDialog } from "./WebhookFormDialog";
import { useDeleteWebhook, useRotateSecret, useTestWebhook, useUpdateWebhook, useWebhookPolicy, useWebhooks, policySentence, VERIFY_SNIPPET, type Webhook, type WebhookWithSecret } from "./webhooks.api";

function WebhookCard({ hook, workspaceId, timeZone, onEdit, onSecret }: { hook: Webhook; workspaceId: string; timeZone?: string; onEdit: () => void; onSecret: (h: WebhookWithSecret) => void }) {
  const [showLog, setShowLog] = useState(false);
  const [confirm, setConfirm] = useState<"delete" | "rotate" | null>(null);
  const test = useTestWebhook(workspaceId);
  const update = useUpdateWebhook(workspaceId);
  const remove = useDeleteWebhook(workspaceId);
  const rotate = useRotateSecret(workspaceId);

  const sendTest = () =>
    test.mutate(hook.id, {
      onSuccess: (d) => {
        setShowLog(true);
        if (d.status === "SUCCEEDED") toast.success(`Test delivered: ${d.responseStatus} in ${d.durationMs} ms`);
        else toast.error(`Test failed: ${d.error ?? d.responseStatus}`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    });
  const toggle = () =>
    update.mutate({ id: hook.id, active: !hook.active }, { onSuccess: () => toast.success(hook.active ? "Webhook switched off" : "Webhook switched on"), onError: (e) => toast.error(errorMessage(e)) });

  return (
    <li className="rounded-xl bg-white shadow-xs ring-1 ring-zinc-200" data-testid="webhook-card">
      <div className="flex flex-col gap-3 px-5 py-4 md:flex-row md:items-start md:justify-between">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <p className="break-all font-mono text-sm font-medium text-zinc-900">{hook.url}</p>
            {hook.active ? <Badge tone="green">Active</Badge> : <Badge tone={hook.disabledReason ? "red" : "neutral"}>{hook.disabledReason ? "Switched off after failures" : "Off"}</Badge>}
          </div>
          {hook.description ? <p className="mt-0.5 text-sm text-zinc-600">{hook.description}</p> : null}
          <p className="mt-1 text-xs text-zinc-500">
            {hook.events.length} event{hook.events.length === 1 ? "" : "s"}: {hook.events.slice(0, 4).join(", ")}
            {hook.events.length > 4 ? ` and ${hook.events.length - 4} more` : ""} · secret …{hook.secretHint}
          </p>
          {hook.disabledReason ? <p className="mt-2 rounded-md bg-red-50 px-2 py-1 text-xs text-red-700">{hook.disabledReason}. Fix the receiver, send a test, then switch it on.</p> : null}
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <Button size="sm" variant="secondary" icon={<Send className="size-3.5" aria-hidden />} loading={test.isPending} onClick={sendTest}>Send test</Button>
          <Button size="sm" variant="secondary" onClick={toggle} loading={update.isPending}>{hook.active ? "Switch off" : "Switch on"}</Button>
          <Button size="sm" variant="secondary" onClick={onEdit}>Edit</Button>
          <Button size="sm" variant="secondary" onClick={() => setConfirm("rotate")}>Rotate secret</Button>
          <Button size="sm" variant="danger-outline" onClick={() => setConfirm("delete")} aria-label={`Delete webhook ${hook.url}`}>Delete</Button>
        </div>
      </div>
      <div className="border-t border-zinc-100 px-5 py-3">
        <button type="button" className="text-sm font-medium text-indigo-600 hover:text-indigo-500" aria-expanded={showLog} onClick={() => setShowLog(!showLog)}>
          {showLog ? "Hide deliveries" : "Show deliveries"}
        </button>
        {showLog ? <div className="mt-2"><DeliveryLog workspaceId={workspaceId} webhookId={hook.id} timeZone={timeZone} /></div> : null}
      </div>
      <ConfirmDialog
        open={confirm === "delete"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title="Delete this webhook?"
        description={`TeamFlow stops sending to ${hook.url}, and its delivery log is deleted. This cannot be undone.`}
        confirmLabel="Delete webhook"
        onConfirm={async () => {
          await remove.mutateAsync(hook.id);
          toast.success("Webhook deleted");
        }}
      />
      <ConfirmDialog
        open={confirm === "rotate"}
        onOpenChange={(o) => !o && setConfirm(null)}
        title="Rotate the signing secret?"
        description="The current secret stops working at once: update your receiver with the new one, or it will reject deliveries."
        confirmLabel="Rotate secret"
        tone="default"
        onConfirm={async () => onSecret(await rotate.mutateAsync(hook.id))}
      />
    </li>
  );
}

/** Workspace settings → Webhooks (owners and admins). */
export function WebhooksPage() {
  const workspace = useCurrentWorkspace();
  const { data: me } = useMe();
  const [page, setPage] = useState(1);
  const allowed = can(workspace, "webhook:manage");
  const hooks = useWebhooks(workspace.id, page);
  const policy = useWebhookPolicy();
  const [form, setForm] = useState<{ editing: Webhook | null } | null>(null);
  const [secret, setSecret] = useState<{ hook: WebhookWithSecret; rotated: boolean } | null>(null);

  if (!allowed) {
    return (
      <>
        <PageHeader title="Webhooks" />
        <EmptyState icon={WebhookIcon} title="Webhooks are managed by owners and admins" description="Ask an owner or admin of the workspace to connect TeamFlow to your services." />
      </>
    );
  }
  return (
    <>
      <title>{`Webhooks · ${workspace.name} · TeamFlow`}</title>
      <PageHeader
        title="Webhooks"
        description="Send this workspace's events to your own services: signed, retried three times, and logged."
        actions={<Button icon={<Plus className="size-4" aria-hidden />} onClick={() => setForm({ editing: null })}>Add webhook</Button>}
      />
      <div className="space-y-6">
        {hooks.isPending ? (
          <PageSpinner label="Loading webhooks…" />
        ) : hooks.isError ? (
          <ErrorState error={hooks.error} onRetry={() => void hooks.refetch()} />
        ) : hooks.data.data.length === 0 ? (
          <EmptyState icon={WebhookIcon} title="No webhooks yet" description="Add a webhook to have TeamFlow POST events such as task.created to a URL of yours." />
        ) : (
          <>
            <ul className="space-y-4" aria-label="Webhooks">
              {hooks.data.data.map((hook) => (
                <WebhookCard key={hook.id} hook={hook} workspaceId={workspace.id} timeZone={me?.user.timezone} onEdit={() => setForm({ editing: hook })} onSecret={(h) => setSecret({ hook: h, rotated: true })} />
              ))}
            </ul>
            {hooks.data.meta.totalPages > 1 ? (
              <div className="flex justify-end gap-2">
                <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</Button>
                <Button variant="secondary" size="sm" disabled={page >= hooks.data.meta.totalPages} onClick={() => setPage(page + 1)}>Next</Button>
              </div>
            ) : null}
          </>
        )}
        <Section id="verify" title="Verify the signature" description={`Each delivery carries X-TeamFlow-Signature: sha256=<hex HMAC-SHA256 of the raw body with the secret>, plus X-TeamFlow-Event, X-TeamFlow-Delivery (an id, the same on every retry) and X-TeamFlow-Timestamp (Unix seconds). ${policySentence(policy.data?.data)} Redirects are not followed.`}>
          <pre className="overflow-x-auto rounded-lg bg-zinc-900 p-3 font-mono text-xs leading-relaxed text-zinc-100" data-testid="verify-snippet">{VERIFY_SNIPPET}</pre>
        </Section>
      </div>
      {form ? (
        <WebhookFormDialog
          key={form.editing?.id ?? "new"}
          workspaceId={workspace.id}
          open
          onOpenChange={(o) => !o && setForm(null)}
          editing={form.editing}
          onCreated={(hook) => setSecret({ hook, rotated: false })}
        />
      ) : null}
      <SecretDialog hook={secret?.hook ?? null} rotated={secret?.rotated ?? false} onClose={() => setSecret(null)} />
    </>
  );
}
