import { ChevronLeft, ChevronRight, DoorOpen, Search, Users } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { toast } from "sonner";
import { Button } from "../../components/ui/Button";
import { PageHeader, Section } from "../../components/ui/Card";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { EmptyState } from "../../components/ui/EmptyState";
import { ErrorState } from "../../components/ui/ErrorState";
import { Input } from "../../components/ui/Input";
import { PageSpinner, Spinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { can } from "../../lib/permissions";
import { ROLE_DESCRIPTION, ROLE_LABEL, roleWithArticle } from "../../lib/roles";
import { useMe } from "../../lib/session";
import type { Member, Role } from "../../lib/types";
import { useDebouncedValue } from "../../lib/use-debounced-value";
import { InvitationsSection } from "../invitations/InvitationsSection";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { MembersTable } from "./MembersTable";
import { useChangeRole, useMembers, useRemoveMember } from "./members.api";

const PER_PAGE = 20;

type PendingRoleChange = { member: Member; role: Role };

export function MembersPage() {
  const workspace = useCurrentWorkspace();
  const { data: me } = useMe();
  const selfId = me?.user.id;
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const q = useDebouncedValue(search.trim(), 300);
  const members = useMembers(workspace.id, { page, perPage: PER_PAGE, q });
  const changeRole = useChangeRole(workspace.id, selfId);
  const removeMember = useRemoveMember(workspace.id, selfId);

  const [confirmRole, setConfirmRole] = useState<PendingRoleChange | null>(null);
  const [confirmRemove, setConfirmRemove] = useState<Member | null>(null);
  const [confirmLeave, setConfirmLeave] = useState(false);

  const canManage = can(workspace, "member:manage");

  const applyRole = async ({ member, role }: PendingRoleChange) => {
    await changeRole.mutateAsync({ userId: member.userId, role });
    toast.success(`${member.name} is now ${roleWithArticle(role)}`);
  };

  const requestRoleChange = (member: Member, role: Role) => {
    // Giving away ownership or lowering your own role deserves a second look.
    if (role === "OWNER" || member.userId === selfId) {
      setConfirmRole({ member, role });
      return;
    }
    applyRole({ member, role }).catch((err) => toast.error(errorMessage(err)));
  };

  const meta = members.data?.meta;
  const list = members.data?.data ?? [];

  return (
    <>
      <title>{`Members · ${workspace.name} · TeamFlow`}</title>
      <PageHeader
        title="Members"
        description={`People who have access to ${workspace.name}.`}
        actions={
          <Button variant="danger-outline" icon={<DoorOpen className="size-4" aria-hidden />} onClick={() => setConfirmLeave(true)}>
            Leave workspace
          </Button>
        }
      />

      <div className="space-y-6">
        {canManage ? <InvitationsSection workspace={workspace} /> : null}

        <Section
          title={
            <span className="flex items-center gap-2">
              Members
              {meta ? <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-600">{meta.total}</span> : null}
              {members.isFetching && !members.isPending ? <Spinner className="size-4 text-zinc-400" label="Refreshing" /> : null}
            </span>
          }
          description={canManage ? "Change roles or remove people. Only owners can grant or change the owner role." : `Your role: ${ROLE_LABEL[workspace.role]} — ${ROLE_DESCRIPTION[workspace.role].toLowerCase()}.`}
        >
          <div className="relative mb-4 sm:max-w-xs">
            <Search className="pointer-events-none absolute left-3 top-1/2 size-4 -translate-y-1/2 text-zinc-400" aria-hidden />
            <Input
              type="search"
              aria-label="Search members"
              placeholder="Search by name or email"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
              className="pl-9"
            />
          </div>

          {members.isPending ? (
            <PageSpinner label="Loading members…" />
          ) : members.isError ? (
            <ErrorState error={members.error} onRetry={() => void members.refetch()} />
          ) : list.length === 0 ? (
            <EmptyState
              icon={Users}
              title={q ? "No members match your search" : "No members yet"}
              description={q ? "Try a different name or email." : undefined}
            />
          ) : (
            <MembersTable
              members={list}
              selfId={selfId}
              workspace={workspace}
              timeZone={me?.user.timezone}
              pendingUserId={changeRole.isPending ? changeRole.variables?.userId : null}
              onRoleChange={requestRoleChange}
              onRemove={setConfirmRemove}
            />
          )}

          {meta && meta.totalPages > 1 ? (
            <nav aria-label="Members pages" className="mt-4 flex items-center justify-between gap-2 text-sm text-zinc-600">
              <span>
                Page {meta.page} of {meta.totalPages}
              </span>
              <div className="flex gap-2">
                <Button variant="secondary" size="sm" icon={<ChevronLeft className="size-4" aria-hidden />} disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                  Previous
                </Button>
                <Button variant="secondary" size="sm" disabled={page >= meta.totalPages} onClick={() => setPage((p) => p + 1)}>
                  Next
                  <ChevronRight className="size-4" aria-hidden />
                </Button>
              </div>
            </nav>
          ) : null}
        </Section>
      </div>

      <ConfirmDialog
        open={confirmRole !== null}
        onOpenChange={(open) => !open && setConfirmRole(null)}
        tone={confirmRole?.role === "OWNER" ? "default" : "danger"}
        title={
          confirmRole?.member.userId === selfId
            ? `Change your own role to ${confirmRole ? ROLE_LABEL[confirmRole.role] : ""}?`
            : `Make ${confirmRole?.member.name} an owner?`
        }
        description={
          confirmRole?.member.userId === selfId
            ? "You may lose permissions in this workspace, and you can't undo this yourself."
            : "Owners have full control, including renaming and deleting the workspace and changing other owners."
        }
        confirmLabel="Change role"
        onConfirm={() => (confirmRole ? applyRole(confirmRole) : undefined)}
      />

      <ConfirmDialog
        open={confirmRemove !== null}
        onOpenChange={(open) => !open && setConfirmRemove(null)}
        title={`Remove ${confirmRemove?.name}?`}
        description={`${confirmRemove?.name} (${confirmRemove?.email}) will lose access to ${workspace.name}. You can invite them again later.`}
        confirmLabel="Remove member"
        onConfirm={async () => {
          if (!confirmRemove) return;
          await removeMember.mutateAsync(confirmRemove.userId);
          toast.success(`${confirmRemove.name} was removed from ${workspace.name}`);
        }}
      />

      <ConfirmDialog
        open={confirmLeave}
        onOpenChange={setConfirmLeave}
        title={`Leave ${workspace.name}?`}
        description="You will lose access to its projects, tasks and bookings until someone invites you again. The last owner can't leave — make someone else an owner first."
        confirmLabel="Leave workspace"
        onConfirm={async () => {
          if (!selfId) return;
          await removeMember.mutateAsync(selfId);
          toast.success(`You left ${workspace.name}`);
          navigate("/", { replace: true });
        }}
      />
    </>
  );
}
