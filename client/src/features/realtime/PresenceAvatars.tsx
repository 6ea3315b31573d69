import { Avatar } from "../../components/ui/Avatar";
import { usePresence } from "./realtime-context";

const MAX_SHOWN = 5;

/** Who else has the workspace open: up to five overlapping avatars and "+N". */
export function PresenceAvatars({ workspaceId, compact = false }: { workspaceId: string; compact?: boolean }) {
  const users = usePresence(`workspace:${workspaceId}`);
  if (users.length === 0) return null;
  const shown = users.slice(0, MAX_SHOWN);
  const extra = users.length - shown.length;
  const names = users.map((u) => u.name).join(", ");
  const label = `${users.length} online: ${names}`;

  return (
    <div data-testid="presence" className="flex items-center gap-2" title={label} aria-label={label} role="group">
      <div className="flex -space-x-2">
        {shown.map((u) => (
          <span key={u.id} className="inline-flex rounded-full ring-2 ring-white" title={u.name}>
            <Avatar name={u.name} seed={u.id} size="sm" />
          </span>
        ))}
        {extra > 0 ? (
          <span className="inline-flex size-7 items-center justify-center rounded-full bg-zinc-100 text-[11px] font-semibold text-zinc-600 ring-2 ring-white" aria-hidden>
            +{extra}
          </span>
        ) : null}
      </div>
      {compact ? null : (
        <span className="flex items-center gap-1.5 text-xs font-medium text-zinc-500" aria-hidden>
          <span className="size-2 rounded-full bg-emerald-500" />
          {users.length} online
        </span>
      )}
    </div>
  );
}
