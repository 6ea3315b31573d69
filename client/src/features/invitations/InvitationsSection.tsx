import { MailPlus, Send, X } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Section } from "../../components/ui/Card";
import { CopyField } from "../../components/ui/CopyField";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { Field, FormError } from "../../components/ui/Field";
import { Input } from "../../components/ui/Input";
import { Select } from "../../components/ui/Select";
import { PageSpinner } from "../../components/ui/Spinner";
import { fieldErrors, formMessage } from "../../lib/api";
import { formatRelative } from "../../lib/format";
import { assignableRoles, ROLE_DESCRIPTION, ROLE_LABEL } from "../../lib/roles";
import type { CreatedInvitation, Invitation, Role, WorkspaceSummary } from "../../lib/types";
import { RoleBadge } from "../members/MembersTable";
import { useCreateInvitation, useInvitations, useRevokeInvitation } from "./invitations.api";

/** The server may answer with a path; the link is shared outside the app, so make it absolute. */
function absoluteUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}

function InviteForm({ workspace, onCreated }: { workspace: WorkspaceSummary; onCreated: (invitation: CreatedInvitation) => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("MEMBER");
  const [localError, setLocalError] = useState<string | null>(null);
  const create = useCreateInvitation(workspace.id);
  const roles = assignableRoles(workspace, "invitation:manage");

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = email.trim();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
      setLocalError("Enter a valid email address");
      return;
    }
    setLocalError(null);
    create.mutate(
      { email: value, role },
      {
        onSuccess: (invitation) => {
          setEmail("");
          onCreated(invitation);
          toast.success(`Invitation created for ${invitation.email}`);
        },
      },
    );
  };

  const errors = fieldErrors(create.error);
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label="Invite a person">
      <FormError message={formMessage(create.error, ["email", "role"])} />
      <div className="grid gap-3 sm:grid-cols-[1fr_11rem_auto] sm:items-start">
        <Field label="Email address" error={localError ?? errors.email}>
          <Input type="email" inputMode="email" autoComplete="off" placeholder="teammate@company.com" value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Role" error={errors.role}>
          <Select
            value={role}
            onValueChange={setRole}
            options={roles.map((r) => ({ value: r, label: ROLE_LABEL[r], description: ROLE_DESCRIPTION[r] }))}
          />
        </Field>
        <div className="sm:pt-7">
          <Button type="submit" loading={create.isPending} icon={<Send className="size-4" aria-hidden />} className="w-full sm:w-auto">
            Invite
          </Button>
        </div>
      </div>
    </form>
  );
}

/** Invitations of `workspace` (the current one, with my role and permissions). */
export function InvitationsSection({ workspace }: { workspace: WorkspaceSummary }) {
  const workspaceId = workspace.id;
  const workspaceName = workspace.name;
  const invitations = useInvitations(workspaceId);
  const revoke = useRevokeInvitation(workspaceId);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [confirmRevoke, setConfirmRevoke] = useState<Invitation | null>(null);

  const pending = (invitations.data?.data ?? []).filter((i) => i.status === "pending");

  return (
    <Section
      id="invitations"
      title="Invite people"
      description={`Invite teammates to ${workspaceName} by email. They get a link that expires after a few days.`}
    >
      <InviteForm workspace={workspace} onCreated={setCreated} />

      {created ? (
        <div className="mt-4 rounded-xl border border-emerald-200 bg-emerald-50/60 p-4" role="status" data-testid="invitation-created">
          <div className="flex items-start justify-between gap-3">
            <div>
              <p className="text-sm font-medium text-emerald-900">
                Invitation ready for {created.email} as {ROLE_LABEL[created.role]}
              </p>
              <p className="mt-0.5 text-sm text-emerald-800">
                Send them this link. It expires {formatRelative(created.expiresAt)} and works only for that email address.
              </p>
            </div>
            <button
              type="button"
              onClick={() => setCreated(null)}
              aria-label="Dismiss"
              className="rounded-md p-1 text-emerald-700 hover:bg-emerald-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <X className="size-4" aria-hidden />
            </button>
          </div>
          {created.acceptUrl ? (
            <div className="mt-3">
              <CopyField value={absoluteUrl(created.acceptUrl)} label="Invitation link" testId="invitation-link" />
            </div>
          ) : null}
        </div>
      ) : null}

      <div className="mt-6">
        <h3 className="text-sm font-semibold text-zinc-900">Pending invitations</h3>
        {invitations.isPending ? (
          <PageSpinner label="Loading invitations…" />
        ) : invitations.isError ? (
          <ErrorState error={invitations.error} onRetry={() => void invitations.refetch()} />
        ) : pending.length === 0 ? (
          <EmptyState icon={MailPlus} title="No pending invitations" description="Invitations you send appear here until they are accepted." className="py-8" />
        ) : (
          <ul className="mt-2 divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200" data-testid="pending-invitations">
            {pending.map((invitation) => (
              <li key={invitation.id} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="truncate text-sm font-medium text-zinc-900">{invitation.email}</span>
                    <RoleBadge role={invitation.role} />
                    {new Date(invitation.expiresAt).getTime() < Date.now() ? <Badge tone="red">Expired</Badge> : null}
                  </div>
                  <p className="mt-0.5 text-xs text-zinc-500">
                    {invitation.invitedBy ? `Invited by ${invitation.invitedBy.name} · ` : ""}
                    Expires {formatRelative(invitation.expiresAt)}
                  </p>
                </div>
                <Button variant="secondary" size="sm" onClick={() => setConfirmRevoke(invitation)} aria-label={`Revoke invitation for ${invitation.email}`}>
                  Revoke
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>

      <ConfirmDialog
        open={confirmRevoke !== null}
        onOpenChange={(open) => !open && setConfirmRevoke(null)}
        title="Revoke invitation?"
        description={`The link sent to ${confirmRevoke?.email} will stop working. You can invite them again later.`}
        confirmLabel="Revoke invitation"
        onConfirm={async () => {
          if (!confirmRevoke) return;
          await revoke.mutateAsync(confirmRevoke.id);
          if (created?.id === confirmRevoke.id) setCreated(null);
          toast.success(`Invitation for ${confirmRevoke.email} revoked`);
        }}
      />
    </Section>
  );
}
