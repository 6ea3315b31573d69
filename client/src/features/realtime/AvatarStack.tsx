import { Avatar } from "../../components/ui/Avatar";
import type { PresenceUser } from "../../lib/realtime";

const MAX_SHOWN = 5;

/** Up to five overlapping avatars and "+N" for the rest. */
export function AvatarStack({ users }: { users: PresenceUser[] }) {
  const shown = users.slice(0, MAX_SHOWN);
  const extra = users.length - shown.length;
  // A 6px overlap: at 8px the next avatar covered the last letter of the initials ("AL" read "AI").
  return (
    <div className="flex -space-x-1.5">
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
  );
}
