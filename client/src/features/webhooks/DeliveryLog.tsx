import { ChevronDown, ChevronRight, RotateCw } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { ErrorState } from "../../components/ui/ErrorState";
import { Spinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useDeliveries, useRedeliver, type WebhookDelivery } from "./webhooks.api";

const STATUS: Record<WebhookDelivery["status"], { label: string; tone: "green" | "red" | "amber" | "neutral" }> = {
  SUCCEEDED: { label: "Delivered", tone: "green" },
  FAILED: { label: "Failed", tone: "red" },
  RETRYING: { label: "Retrying", tone: "amber" },
  PENDING: { label: "Queued", tone: "neutral" },
};

function DeliveryRow({ delivery, workspaceId, timeZone }: { delivery: WebhookDelivery; workspaceId: string; timeZone?: string }) {
  const [open, setOpen] = useState(false);
  const redeliver = useRedeliver(workspaceId);
  const s = STATUS[delivery.status];
  return (
    <li className="py-2" data-testid="delivery-row">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <button type="button" className="flex w-full min-w-0 flex-wrap items-center gap-2 text-left sm:w-auto sm:flex-1" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? <ChevronDown className="size-4 shrink-0 text-zinc-400" aria-hidden /> : <ChevronRight className="size-4 shrink-0 text-zinc-400" aria-hidden />}
          <Badge tone={s.tone}>{s.label}</Badge>
          <code className="truncate font-mono text-xs text-zinc-800">{delivery.event}</code>
          {delivery.test ? <Badge tone="sky">test</Badge> : null}
          {delivery.redeliveryOfId ? <Badge tone="indigo">redelivery</Badge> : null}
        </button>
        <span className="min-w-0 flex-1 pl-6 text-xs text-zinc-500 sm:flex-none sm:pl-0" title={formatDateTime(delivery.createdAt, timeZone)}>
          {delivery.responseStatus ?? "—"} · {delivery.durationMs != null ? `${delivery.durationMs} ms` : "—"} · try {delivery.attempts || 0} · {formatRelative(delivery.createdAt)}
        </span>
        <Button
          variant="secondary"
          size="sm"
          icon={<RotateCw className="size-3.5" aria-hidden />}
          loading={redeliver.isPending}
          aria-label={`Redeliver ${delivery.event} delivery`}
          onClick={() => redeliver.mutate(delivery.id, { onSuccess: () => toast.success("Queued again as a new delivery"), onError: (e) => toast.error(errorMessage(e)) })}
        >
          Redeliver
        </Button>
      </div>
      {open ? (
        <div className="mt-2 space-y-2 pl-6 text-xs">
          <p className="text-zinc-500">
            Delivery <code className="font-mono">{delivery.id}</code>
            {delivery.lastAttemptAt ? ` · last try ${formatDateTime(delivery.lastAttemptAt, timeZone)}` : ""}
            {delivery.nextAttemptAt ? ` · next try ${formatDateTime(delivery.nextAttemptAt, timeZone)}` : ""}
          </p>
          {delivery.error ? <p className="rounded-md bg-red-50 px-2 py-1 text-red-700">{delivery.error}</p> : null}
          <div>
            <p className="font-medium text-zinc-700">Payload</p>
            <pre className="mt-1 max-h-64 overflow-auto rounded-md bg-zinc-900 p-2 font-mono text-[11px] leading-relaxed text-zinc-100">{JSON.stringify(delivery.payload, null, 2)}</pre>
          </div>
          <div>
            <p className="font-medium text-zinc-700">Response {delivery.responseStatus ?? ""}</p>
            <pre className="mt-1 max-h-40 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-100 p-2 font-mono text-[11px] text-zinc-800">{delivery.responseBody || "(no response body)"}</pre>
          </div>
        </div>
      ) : null}
    </li>
  );
}

/** A webhook's deliveries, newest first, 20 a page; polls while some are still queued or retrying. */
export function DeliveryLog({ workspaceId, webhookId, timeZone }: { workspaceId: string; webhookId: string; timeZone?: string }) {
  const [page, setPage] = useState(1);
  const deliveries = useDeliveries(workspaceId, webhookId, page);
  if (deliveries.isPending) return <Spinner label="Loading deliveries" />;
  if (deliveries.isError) return <ErrorState error={deliveries.error} onRetry={() => void deliveries.refetch()} />;
  const { data, meta } = deliveries.data;
  if (data.length === 0) return <p className="text-sm text-zinc-500">No deliveries yet. Send a test, or wait for one of the chosen events.</p>;
  return (
    <div>
      <ul className="divide-y divide-zinc-100" aria-label="Deliveries">
        {data.map((d) => (
          <DeliveryRow key={d.id} delivery={d} workspaceId={workspaceId} timeZone={timeZone} />
        ))}
      </ul>
      {meta.totalPages > 1 ? (
        <div className="mt-2 flex items-center justify-between text-xs text-zinc-500">
          <span>
            Page {meta.page} of {meta.totalPages} · {meta.total} deliveries
          </span>
          <div className="flex gap-2">
            <Button variant="secondary" size="sm" disabled={page <= 1} onClick={() => setPage(page - 1)}>Newer</Button>
            <Button variant="secondary" size="sm" disabled={page >= meta.totalPages} onClick={() => setPage(page + 1)}>Older</Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
