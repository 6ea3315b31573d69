import { LogOut } from "lucide-react";
import { useEffect, useState } from "react";
import { useLocation } from "react-router-dom";
import { toast } from "sonner";
import { Avatar } from "../../components/ui/Avatar";
import { Button } from "../../components/ui/Button";
import { PageHeader, Section } from "../../components/ui/Card";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { formatDate } from "../../lib/format";
import { useMe, useSession } from "../../lib/session";
import { NotificationPreferencesSection } from "../notifications/NotificationPreferencesSection";
import { TokensSection } from "../tokens/TokensSection";
import { ChangePasswordForm } from "./ChangePasswordForm";
import { ConnectedAccountsSection } from "./ConnectedAccountsSection";
import { useConnectedAccounts } from "./connected-accounts.api";
import { ProfileForm } from "./ProfileForm";

export function ProfilePage() {
  const me = useMe();
  const { signOutEverywhere } = useSession();
  const location = useLocation();
  const [confirmEverywhere, setConfirmEverywhere] = useState(false);
  // Accounts created through a sign-in provider have no password yet: they set one instead of changing it.
  const identities = useConnectedAccounts();
  const noPassword = identities.data?.hasPassword === false;

  // Client-side navigation does not scroll to #fragments by itself.
  useEffect(() => {
    if (!location.hash || !me.data) return;
    document.getElementById(location.hash.slice(1))?.scrollIntoView({ block: "start" });
  }, [location.hash, me.data]);

  if (me.isPending) return <PageSpinner />;
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  const { user } = me.data;

  return (
    <>
      <title>Profile · TeamFlow</title>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            <Avatar name={user.name} seed={user.id} size="lg" />
            <span>
              <span className="block">{user.name}</span>
              <span className="block text-sm font-normal text-zinc-500">
                {user.email} · member since {formatDate(user.createdAt, user.timezone)}
              </span>
            </span>
          </span>
        }
      />
      <div className="space-y-6">
        <Section title="Profile" description="How you appear to your teammates.">
          <ProfileForm key={`${user.name}|${user.timezone}`} user={user} />
        </Section>
        {noPassword ? (
          <Section title="Password" description="You sign in with a connected account, so this account has no password yet. Set one to also sign in with your email, for example if you disconnect the provider.">
            <ChangePasswordForm email={user.email} hasPassword={false} />
          </Section>
        ) : (
          <Section title="Password" description="Changing your password signs you out on every other device.">
            <ChangePasswordForm email={user.email} />
          </Section>
        )}
        <ConnectedAccountsSection timeZone={user.timezone} />
        <NotificationPreferencesSection />
        <TokensSection timeZone={user.timezone} />
        <Section
          title="Sessions"
          description="Lost a device or signed in on a shared computer? Sign out of TeamFlow on every device and browser, including this one."
          actions={
            <Button variant="danger-outline" icon={<LogOut className="size-4" aria-hidden />} onClick={() => setConfirmEverywhere(true)}>
              Sign out everywhere
            </Button>
          }
        />
      </div>
      <ConfirmDialog
        open={confirmEverywhere}
        onOpenChange={setConfirmEverywhere}
        title="Sign out everywhere?"
        description="All your sessions end, on every device and in this browser. API tokens keep working; revoke them separately."
        confirmLabel="Sign out everywhere"
        onConfirm={async () => {
          await signOutEverywhere();
          toast.success("You were signed out on all devices");
        }}
      />
    </>
  );
}
