import { KeyRound, Plus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Section } from "../../components/ui/Card";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { formatDate, formatRelative } from "../../lib/format";
import type { ApiToken } from "../../lib/types";
import { CreateTokenDialog } from "./CreateTokenDialog";
import { useApiTokens, useRevokeApiToken } from "./tokens.api";

function expiry(token: ApiToken, timeZone?: string) {
  if (!token.expiresAt) return <span className="text-zinc-500">Never</span>;
  if (new Date(token.expiresAt).getTime() < Date.now()) return <Badge tone="red">Expired</Badge>;
  return <span title={formatDate(token.expiresAt, timeZone)}>{formatRelative(token.expiresAt)}</span>;
}

export function TokensSection({ timeZone }: { timeZone?: string }) {
  const tokens = useApiTokens();
  const revoke = useRevokeApiToken();
  const [creating, setCreating] = useState(false);
  const [confirmRevoke, setConfirmRevoke] = useState<ApiToken | null>(null);

  return (
    <Section
      id="api-tokens"
      title="API tokens"
      description="Personal tokens for scripts and integrations. Treat them like passwords."
      actions={
        <Button size="sm" icon={<Plus className="size-4" aria-hidden />} onClick={() => setCreating(true)}>
          New token
        </Button>
      }
    >
      {tokens.isPending ? (
        <PageSpinner label="Loading tokens…" />
      ) : tokens.isError ? (
        <ErrorState error={tokens.error} onRetry={() => void tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState icon={KeyRound} title="No API tokens" description="Create a token to call the TeamFlow API from a script or another tool." className="py-8" />
      ) : (
        <div className="-mx-5 -mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="tokens-table">
            <thead className="border-b border-zinc-100 bg-zinc-50/70 text-xs uppercase tracking-wide text-zinc-500">
              <tr>
                <th scope="col" className="px-5 py-2.5 font-medium">Name</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Scope</th>
                <th scope="col" className="hidden px-3 py-2.5 font-medium md:table-cell">Created</th>
                <th scope="col" className="hidden px-3 py-2.5 font-medium sm:table-cell">Last used</th>
                <th scope="col" className="px-3 py-2.5 font-medium">Expires</th>
                <th scope="col" className="px-5 py-2.5">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {tokens.data.map((token) => (
                <tr key={token.id}>
                  <td className="px-5 py-3">
                    <div className="font-medium text-zinc-900">{token.name}</div>
                    <div className="font-mono text-xs text-zinc-500">{token.prefix}…</div>
                  </td>
                  <td className="px-3 py-3">
                    <Badge tone={token.scope === "read" ? "neutral" : "amber"}>{token.scope === "read" ? "Read" : "Read & write"}</Badge>
                  </td>
                  <td className="hidden px-3 py-3 text-zinc-600 md:table-cell">{formatDate(token.createdAt, timeZone)}</td>
                  <td className="hidden px-3 py-3 text-zinc-600 sm:table-cell">{token.lastUsedAt ? formatRelative(token.lastUsedAt) : "Never"}</td>
                  <td className="px-3 py-3 text-zinc-600">{expiry(token, timeZone)}</td>
                  <td className="px-5 py-3 text-right">
                    <Button variant="secondary" size="sm" onClick={() => setConfirmRevoke(token)} aria-label={`Revoke token ${token.name}`}>
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <CreateTokenDialog open={creating} onOpenChange={setCreating} />
      <ConfirmDialog
        open={confirmRevoke !== null}
        onOpenChange={(open) => !open && setConfirmRevoke(null)}
        title={`Revoke “${confirmRevoke?.name}”?`}
        description="Scripts using this token will stop working immediately. This can't be undone."
        confirmLabel="Revoke token"
        onConfirm={async () => {
          if (!confirmRevoke) return;
          await revoke.mutateAsync(confirmRevoke.id);
          toast.success(`Token “${confirmRevoke.name}” revoked`);
        }}
      />
    </Section>
  );
}
