import { Link2, Unlink } from "lucide-react";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router-dom";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Section } from "../../components/ui/Card";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { FormError } from "../../components/ui/Field";
import { PageSpinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { formatDate, formatRelative } from "../../lib/format";
import { useSignInProviders } from "../auth/oauth.api";
import { useConnectAccount, useConnectedAccounts, useDisconnectAccount } from "./connected-accounts.api";

type Identity = { id: string; provider: string; providerName: string; email: string | null; emailVerified: boolean; createdAt: string; lastUsedAt: string };

/** Profile → Connected accounts: the sign-in providers linked to this account. */
export function ConnectedAccountsSection({ timeZone }: { timeZone?: string }) {
  const accounts = useConnectedAccounts();
  const providers = useSignInProviders();
  const connect = useConnectAccount();
  const disconnect = useDisconnectAccount();
  const [confirm, setConfirm] = useState<Identity | null>(null);
  const [params, setParams] = useSearchParams();
  const oauthError = params.get("oauthError");

  // Coming back from a provider: say how it went, once.
  useEffect(() => {
    const connected = params.get("connected");
    if (!connected) return;
    const name = providers.data?.find((p) => p.id === connected)?.name ?? connected;
    toast.success(`${name} is connected. You can now sign in with it.`);
    const rest = new URLSearchParams(params);
    rest.delete("connected");
    setParams(rest, { replace: true, preventScrollReset: true });
  }, [params, providers.data, setParams]);

  const dismissError = () => {
    const rest = new URLSearchParams(params);
    rest.delete("oauthError");
    setParams(rest, { replace: true, preventScrollReset: true });
  };

  const list = accounts.data?.identities ?? [];
  const lastWay = accounts.data ? !accounts.data.hasPassword && list.length <= 1 : true;

  return (
    <Section id="connected-accounts" title="Connected accounts" description="Sign in to TeamFlow with an account you already have. Disconnecting one keeps your TeamFlow account.">
      {oauthError ? (
        <div className="mb-4 space-y-2">
          <FormError message={oauthError} />
          <Button size="sm" variant="ghost" onClick={dismissError}>
            Dismiss
          </Button>
        </div>
      ) : null}
      {accounts.isPending ? (
        <PageSpinner label="Loading connected accounts…" />
      ) : accounts.isError ? (
        <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />
      ) : (
        <div className="space-y-4">
          {list.length === 0 ? (
            <EmptyState icon={Link2} title="No connected accounts" description="Connect one below to sign in without your password." className="py-6" />
          ) : (
            <ul className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200" data-testid="connected-accounts">
              {list.map((identity) => (
                <li key={identity.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                  <div className="min-w-0">
                    <p className="font-medium text-zinc-900">{identity.providerName}</p>
                    <p className="truncate text-sm text-zinc-500">
                      {identity.email ?? "No email shared"}{" "}
                      {identity.email && !identity.emailVerified ? <Badge tone="amber">Unverified</Badge> : null}
                    </p>
                    <p className="text-xs text-zinc-400" title={formatDate(identity.lastUsedAt, timeZone)}>
                      Connected {formatDate(identity.createdAt, timeZone)} · last used {formatRelative(identity.lastUsedAt)}
                    </p>
                  </div>
                  <Button
                    size="sm"
                    variant="danger-outline"
                    icon={<Unlink className="size-4" aria-hidden />}
                    disabled={lastWay}
                    title={lastWay ? "This is your only way to sign in. Connect another account first." : undefined}
                    onClick={() => setConfirm(identity)}
                  >
                    Disconnect
                  </Button>
                </li>
              ))}
            </ul>
          )}
          {lastWay && list.length === 1 ? (
            <p className="text-sm text-zinc-500">This is your only way to sign in, so it cannot be disconnected. Connect another account first.</p>
          ) : null}
          {providers.data?.length ? (
            <div className="flex flex-wrap gap-2">
              {providers.data.map((p) => (
                <Button
                  key={p.id}
                  size="sm"
                  variant="secondary"
                  icon={<Link2 className="size-4" aria-hidden />}
                  loading={connect.isPending && connect.variables === p.id}
                  onClick={() => connect.mutate(p.id)}
                >
                  Connect {p.name}
                </Button>
              ))}
            </div>
          ) : (
            <p className="text-sm text-zinc-500">No sign-in providers are set up on this server.</p>
          )}
          <FormError message={connect.error ? errorMessage(connect.error) : null} />
        </div>
      )}
      <ConfirmDialog
        open={confirm !== null}
        onOpenChange={(open) => !open && setConfirm(null)}
        title={`Disconnect ${confirm?.providerName ?? ""}?`}
        description={`You will no longer be able to sign in with this ${confirm?.providerName ?? ""} account${confirm?.email ? ` (${confirm.email})` : ""}. You can connect it again later.`}
        confirmLabel="Disconnect"
        onConfirm={async () => {
          if (!confirm) return;
          // A refusal (e.g. the last way to sign in) shows in the dialog.
          await disconnect.mutateAsync(confirm.id);
          toast.success(`${confirm.providerName} is disconnected`);
        }}
      />
    </Section>
  );
}
