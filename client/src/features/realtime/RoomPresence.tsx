import { Avatar } from "../../components/ui/Avatar";
import { usePresence } from "./realtime-context";

const MAX_SHOWN = 5;

/** Who has a project or task open (joins the room while mounted): overlapping avatars and "+N". */
export function RoomPresence({ room, label }: { room: string; label: string }) {
  const users = usePresence(room);
  if (users.length === 0) return null;
  const shown = users.slice(0, MAX_SHOWN);
  const extra = users.length - shown.length;
  const text = `${users.length} ${label}: ${users.map((u) => u.name).join(", ")}`;
  return (
    <div data-testid="room-presence" data-room={room} className="flex -space-x-2" title={text} aria-label={text} role="group">
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
