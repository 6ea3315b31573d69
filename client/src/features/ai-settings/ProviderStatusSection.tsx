import { CircleCheck, CircleHelp, CircleX, Settings2 } from "lucide-react";
import { Badge } from "../../components/ui/Badge";
import { Section } from "../../components/ui/Card";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { formatDateTime } from "../../lib/format";
import { useAiStatus, type ProviderStatus } from "./ai-settings.api";

const KIND_LABEL: Record<ProviderStatus["kind"], string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  "openai-compatible": "OpenAI-compatible",
};

function Reachability({ provider }: { provider: ProviderStatus }) {
  if (provider.reachable === true)
    return (
      <Badge tone="green">
        <CircleCheck className="size-3.5" aria-hidden /> Reachable
      </Badge>
    );
  if (provider.reachable === false)
    return (
      <Badge tone="red">
        <CircleX className="size-3.5" aria-hidden /> Unreachable
      </Badge>
    );
  return (
    <Badge>
      <CircleHelp className="size-3.5" aria-hidden /> Not checked yet
    </Badge>
  );
}

function ProviderCard({ provider, timeZone }: { provider: ProviderStatus; timeZone?: string }) {
  const title = provider.role === "primary" ? "Primary provider" : "Fallback provider";
  return (
    <article aria-label={title} className="min-w-0 rounded-lg p-4 ring-1 ring-zinc-200">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-zinc-900">{title}</h3>
        <Reachability provider={provider} />
      </div>
      <dl className="mt-3 grid grid-cols-[auto_minmax(0,1fr)] gap-x-4 gap-y-1.5 text-sm">
        <dt className="text-zinc-500">Kind</dt>
        <dd className="text-zinc-900">{KIND_LABEL[provider.kind]}</dd>
        <dt className="text-zinc-500">Model</dt>
        <dd className="break-all font-mono text-xs leading-5 text-zinc-900">{provider.model}</dd>
        <dt className="text-zinc-500">Base URL</dt>
        <dd className="break-all font-mono text-xs leading-5 text-zinc-900">{provider.baseUrl}</dd>
        <dt className="text-zinc-500">Checked</dt>
        <dd className="text-zinc-900">{provider.checkedAt ? formatDateTime(provider.checkedAt, timeZone) : "Not yet"}</dd>
      </dl>
      {provider.reachable === false && provider.error ? (
        <p className="mt-3 rounded-md bg-red-50 px-3 py-2 text-xs text-red-800">
          Last check failed: <span className="font-medium">{provider.error}</span>
        </p>
      ) : null}
    </article>
  );
}

/** Which AI providers the server runs with, or how to configure one (no buttons: it is the server's environment). */
export function ProviderStatusSection({ timeZone }: { timeZone?: string }) {
  const status = useAiStatus();
  return (
    <Section id="ai-provider" title="Provider" description="The AI provider this TeamFlow server uses, set by its administrator in the server's environment.">
      {status.isPending ? (
        <PageSpinner label="Checking the AI provider…" />
      ) : status.isError ? (
        <ErrorState error={status.error} onRetry={() => void status.refetch()} title="Couldn't check the AI provider" />
      ) : !status.data.configured ? (
        <div role="status" className="flex gap-3 rounded-lg border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
          <Settings2 className="mt-0.5 size-5 shrink-0 text-amber-600" aria-hidden />
          <div className="min-w-0">
            <p className="font-semibold">AI is not configured on this server</p>
            <p className="mt-1 break-words">{status.data.message}</p>
            <p className="mt-2 text-amber-800">Until then, AI features answer that no provider is configured; nothing is sent anywhere.</p>
          </div>
        </div>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {status.data.providers.map((p) => (
            <ProviderCard key={p.role} provider={p} timeZone={timeZone} />
          ))}
          {status.data.providers.length === 1 ? (
            <p className="self-center text-sm text-zinc-500">No fallback provider: when the primary fails, AI calls fail. Set the AI_FALLBACK_* variables to add one.</p>
          ) : null}
        </div>
      )}
    </Section>
  );
}
