import { AvatarStack } from "./AvatarStack";
import { usePresence } from "./realtime-context";

/** Who has a project or task open (joins the room while mounted). */
export function RoomPresence({ room, label }: { room: string; label: string }) {
  const users = usePresence(room);
  if (users.length === 0) return null;
  const text = `${users.length} ${label}: ${users.map((u) => u.name).join(", ")}`;
  return (
    <div data-testid="room-presence" data-room={room} title={text} aria-label={text} role="group">
      <AvatarStack users={users} />
    </div>
  );
}
