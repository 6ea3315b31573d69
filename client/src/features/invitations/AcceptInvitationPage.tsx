import { CircleAlert, CircleCheck, CircleX, Clock, MailX } from "lucide-react";
import type { ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { toast } from "sonner";
import { Button, buttonClasses } from "../../components/ui/Button";
import { FormError } from "../../components/ui/Field";
import { PageSpinner } from "../../components/ui/Spinner";
import { ApiError, errorMessage } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { roleWithArticle, ROLE_DESCRIPTION } from "../../lib/roles";
import { useMe, useSession } from "../../lib/session";
import type { InvitationStatus } from "../../lib/types";
import { AuthLayout } from "../auth/AuthLayout";
import { useAcceptInvitation, useDeclineInvitation, useInvitationPreview } from "./invitations.api";

const CLOSED: Record<Exclude<InvitationStatus, "pending">, { title: string; text: string; icon: ReactNode }> = {
  accepted: {
    title: "Invitation already accepted",
    text: "This invitation has already been used. If it was you, the workspace is in your workspace list.",
    icon: <CircleCheck className="size-6 text-emerald-600" aria-hidden />,
  },
  declined: {
    title: "Invitation declined",
    text: "This invitation was declined. Ask the person who invited you to send a new one if that was a mistake.",
    icon: <CircleX className="size-6 text-zinc-500" aria-hidden />,
  },
  revoked: {
    title: "Invitation withdrawn",
    text: "This invitation was revoked by the workspace. Ask them for a new invitation if you still need access.",
    icon: <MailX className="size-6 text-zinc-500" aria-hidden />,
  },
  expired: {
    title: "Invitation expired",
    text: "This invitation link has expired. Ask the person who invited you to send a new one.",
    icon: <Clock className="size-6 text-amber-600" aria-hidden />,
  },
};

function Notice({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <div className="flex gap-3 rounded-xl bg-zinc-50 p-4 ring-1 ring-zinc-200" role="status">
      <div className="shrink-0">{icon}</div>
      <div>
        <p className="text-sm font-semibold text-zinc-900">{title}</p>
        <div className="mt-1 text-sm text-zinc-600">{children}</div>
      </div>
    </div>
  );
}

export function AcceptInvitationPage() {
  const { token = "" } = useParams();
  const navigate = useNavigate();
  const { status, signOut } = useSession();
  const signedIn = status === "signed-in";
  const me = useMe();
  const preview = useInvitationPreview(token);
  const accept = useAcceptInvitation(token);
  const decline = useDeclineInvitation(token);
  const here = `/invite/${encodeURIComponent(token)}`;

  let body: ReactNode;
  if (preview.isPending) {
    body = <PageSpinner label="Loading invitation…" />;
  } else if (preview.isError) {
    const notFound = preview.error instanceof ApiError && preview.error.status === 404;
    body = (
      <Notice icon={<CircleAlert className="size-6 text-red-600" aria-hidden />} title={notFound ? "Invitation not found" : "Couldn't load the invitation"}>
        {notFound ? "This link is not valid. Check that you copied the whole link, or ask for a new invitation." : errorMessage(preview.error)}
      </Notice>
    );
  } else {
    const inv = preview.data;
    const emailMismatch = signedIn && me.data && me.data.user.email.toLowerCase() !== inv.email.toLowerCase();
    const inviter = inv.invitedBy?.name ?? "Someone";

    if (inv.status !== "pending") {
      const closed = CLOSED[inv.status];
      body = (
        <div className="space-y-5">
          <Notice icon={closed.icon} title={closed.title}>
            {closed.text}
          </Notice>
          <Link to="/" className={buttonClasses({ variant: "secondary", className: "w-full" })}>
            Go to TeamFlow
          </Link>
        </div>
      );
    } else {
      body = (
        <div className="space-y-6">
          <div className="rounded-xl bg-indigo-50/60 p-4 ring-1 ring-indigo-100">
            <p className="text-sm text-zinc-700">
              <span className="font-medium text-zinc-900">{inviter}</span> invited <span className="font-medium text-zinc-900">{inv.email}</span> to
              join
            </p>
            <p className="mt-1 text-lg font-semibold text-zinc-900" data-testid="invitation-workspace">
              {inv.workspace.name}
            </p>
            <p className="mt-1 text-sm text-zinc-600">
              as {roleWithArticle(inv.role)} — {ROLE_DESCRIPTION[inv.role].toLowerCase()}.
            </p>
            <p className="mt-3 text-xs text-zinc-500">Expires {formatDateTime(inv.expiresAt, me.data?.user.timezone)}</p>
          </div>

          <FormError message={accept.error ? errorMessage(accept.error) : decline.error ? errorMessage(decline.error) : null} />

          {!signedIn ? (
            <div className="space-y-3">
              <p className="text-sm text-zinc-600">Sign in or create an account with {inv.email} to accept.</p>
              <div className="grid gap-2 sm:grid-cols-2">
                <Link to={`/sign-in?next=${encodeURIComponent(here)}&email=${encodeURIComponent(inv.email)}`} className={buttonClasses()}>
                  Sign in
                </Link>
                <Link
                  to={`/register?next=${encodeURIComponent(here)}&email=${encodeURIComponent(inv.email)}`}
                  className={buttonClasses({ variant: "secondary" })}
                >
                  Create account
                </Link>
              </div>
            </div>
          ) : emailMismatch ? (
            <div className="space-y-3">
              <Notice icon={<CircleAlert className="size-6 text-amber-600" aria-hidden />} title="Wrong account">
                This invitation is for <strong>{inv.email}</strong>, but you're signed in as <strong>{me.data?.user.email}</strong>. Sign in with the
                invited address to accept it.
              </Notice>
              <Button variant="secondary" className="w-full" onClick={() => void signOut(`/sign-in?next=${encodeURIComponent(here)}&email=${encodeURIComponent(inv.email)}`)}>
                Sign out and switch account
              </Button>
            </div>
          ) : (
            <div className="grid gap-2 sm:grid-cols-2">
              <Button
                variant="secondary"
                loading={decline.isPending}
                disabled={accept.isPending}
                onClick={() =>
                  decline.mutate(undefined, {
                    onSuccess: () => toast.success("Invitation declined"),
                  })
                }
              >
                Decline
              </Button>
              <Button
                loading={accept.isPending}
                disabled={decline.isPending}
                onClick={() =>
                  accept.mutate(undefined, {
                    onSuccess: ({ workspace }) => {
                      toast.success(`Welcome to ${workspace.name}!`);
                      navigate(`/w/${workspace.id}`, { replace: true });
                    },
                  })
                }
              >
                Accept invitation
              </Button>
            </div>
          )}
        </div>
      );
    }
  }

  return (
    <AuthLayout
      title="You're invited"
      subtitle="Join your team on TeamFlow."
      footer={signedIn && me.data ? <>Signed in as {me.data.user.email}</> : undefined}
    >
      <title>Invitation · TeamFlow</title>
      {body}
    </AuthLayout>
  );
}
