import { AvatarStack } from "./AvatarStack";
import { usePresence } from "./realtime-context";

/** Who else has the workspace open. */
export function PresenceAvatars({ workspaceId, compact = false }: { workspaceId: string; compact?: boolean }) {
  const users = usePresence(`workspace:${workspaceId}`);
  if (users.length === 0) return null;
  const label = `${users.length} online: ${users.map((u) => u.name).join(", ")}`;

  return (
    <div data-testid="presence" className="flex items-center gap-2" title={label} aria-label={label} role="group">
      <AvatarStack users={users} />
      {compact ? null : (
        <span className="flex items-center gap-1.5 text-xs font-medium text-zinc-500" aria-hidden>
          <span className="size-2 rounded-full bg-emerald-500" />
          {users.length} online
        </span>
      )}
    </div>
  );
}
