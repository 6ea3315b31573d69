import { Trash2 } from "lucide-react";
import { Avatar } from "../../components/ui/Avatar";
import { Badge } from "../../components/ui/Badge";
import { IconButton } from "../../components/ui/Button";
import { Select } from "../../components/ui/Select";
import { formatDate } from "../../lib/format";
import { assignableRoles, canManageMember, ROLE_LABEL } from "../../lib/roles";
import type { Member, Role, WorkspaceSummary } from "../../lib/types";

interface MembersTableProps {
  members: Member[];
  selfId: string | undefined;
  /** The current workspace: my role and what the server lets me do. */
  workspace: WorkspaceSummary;
  timeZone?: string;
  pendingUserId?: string | null;
  onRoleChange: (member: Member, role: Role) => void;
  onRemove: (member: Member) => void;
}

const roleTone: Record<Role, "indigo" | "sky" | "neutral" | "amber"> = {
  OWNER: "indigo",
  ADMIN: "sky",
  MEMBER: "neutral",
  VIEWER: "amber",
};

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={roleTone[role]}>{ROLE_LABEL[role]}</Badge>;
}

export function MembersTable({ members, selfId, workspace, timeZone, pendingUserId, onRoleChange, onRemove }: MembersTableProps) {
  const offer = assignableRoles(workspace);

  return (
    <div className="-mx-5 overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="members-table">
        <thead className="border-y border-zinc-100 bg-zinc-50/70 text-xs font-medium uppercase tracking-wide text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2.5 sm:px-5 font-medium">Name</th>
            <th scope="col" className="hidden px-2 py-2.5 sm:px-3 font-medium md:table-cell">Email</th>
            <th scope="col" className="px-2 py-2.5 sm:px-3 font-medium">Role</th>
            <th scope="col" className="hidden px-2 py-2.5 sm:px-3 font-medium sm:table-cell">Joined</th>
            <th scope="col" className="w-12 px-4 py-2.5 sm:px-5">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {members.map((member) => {
            const isSelf = member.userId === selfId;
            const manageable = canManageMember(workspace, member.role);
            // The role list must contain the current role for the select to show it.
            const options = Array.from(new Set<Role>([...offer, member.role])).map((r) => ({ value: r, label: ROLE_LABEL[r] }));
            return (
              <tr key={member.userId} data-testid={`member-row-${member.email}`}>
                {/* w-full + max-w-0: this column takes the spare width and truncates, so phones need no sideways scroll. */}
                <td className="w-full max-w-0 px-4 py-3 sm:px-5">
                  <div className="flex items-center gap-3">
                    <Avatar name={member.name} seed={member.userId} />
                    <div className="min-w-0">
                      <div className="flex min-w-0 items-center gap-2 font-medium text-zinc-900">
                        <span className="truncate">{member.name}</span>
                        {isSelf ? <Badge>You</Badge> : null}
                      </div>
                      <div className="truncate text-xs text-zinc-500 md:hidden">{member.email}</div>
                    </div>
                  </div>
                </td>
                <td className="hidden px-2 py-3 sm:px-3 whitespace-nowrap text-zinc-600 md:table-cell">{member.email}</td>
                <td className="px-2 py-3 sm:px-3">
                  {manageable ? (
                    <Select
                      size="sm"
                      className="w-28 sm:w-32"
                      aria-label={`Role of ${member.name}`}
                      value={member.role}
                      options={options}
                      disabled={pendingUserId === member.userId}
                      onValueChange={(role) => role !== member.role && onRoleChange(member, role)}
                    />
                  ) : (
                    <RoleBadge role={member.role} />
                  )}
                </td>
                <td className="hidden px-2 py-3 sm:px-3 whitespace-nowrap text-zinc-600 sm:table-cell">{formatDate(member.joinedAt, timeZone)}</td>
                <td className="px-4 py-3 sm:px-5 text-right">
                  {manageable && !isSelf ? (
                    <IconButton label={`Remove ${member.name}`} onClick={() => onRemove(member)} className="hover:bg-red-50 hover:text-red-600">
                      <Trash2 className="size-4" aria-hidden />
                    </IconButton>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
