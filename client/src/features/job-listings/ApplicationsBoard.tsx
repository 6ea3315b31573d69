import { closestCorners, DndContext, KeyboardSensor, MouseSensor, TouchSensor, useDroppable, useSensor, useSensors, type DragEndEvent } from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { toast } from "sonner";
import { NativeSelect } from "../../components/ui/Input";
import { errorMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { BOARD_COLUMNS, statusLabel, useMoveApplication, type ApplicationStatus, type JobApplication } from "./job-listings.api";

/**
 * Applications by status, one column each. Drag a card to another column or to another place in its
 * column (mouse, touch, or the keyboard through dnd-kit), or use its "Move to" menu and "Move up / down"
 * buttons; the order is saved (PATCH /applications/:id with a position). Moves the server refuses snap back with its reason.
 */
export function ApplicationsBoard({ workspaceId, listingId, applications, canMove, onOpen }: { workspaceId: string; listingId: string; applications: JobApplication[]; canMove: boolean; onOpen: (a: JobApplication) => void }) {
  const move = useMoveApplication(workspaceId, listingId);
  const sensors = useSensors(useSensor(MouseSensor, { activationConstraint: { distance: 5 } }), useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const columnOf = (status: ApplicationStatus) => applications.filter((a) => a.status === status).sort((x, y) => x.position - y.position);

  /** `position`: the 0-based place in the target column; default its end. */
  const moveTo = (a: JobApplication, status: ApplicationStatus, position?: number) => {
    if (status === a.status) {
      if (position !== undefined && position !== columnOf(status).indexOf(a)) move.mutate({ id: a.id, status, position }, { onError: (err) => toast.error(errorMessage(err)) });
      return;
    }
    if (!a.nextStatuses.includes(status) || status === "HIRED") {
      toast.error(status === "HIRED" ? "Use “Hire” in the application to hire and pencil them." : `A ${statusLabel(a.status).toLowerCase()} application can move to: ${a.nextStatuses.filter((s) => s !== "HIRED").map(statusLabel).join(", ") || "nowhere (final)"}.`);
      return;
    }
    move.mutate({ id: a.id, status, position }, { onError: (err) => toast.error(errorMessage(err)) });
  };

  const onDragEnd = (e: DragEndEvent) => {
    const a = applications.find((x) => x.id === e.active.id);
    if (!a || !e.over) return;
    // Over a card: its column, at its place; over a column's empty space: that column's end.
    const overCard = applications.find((x) => x.id === e.over!.id);
    if (!overCard) return moveTo(a, e.over.id as ApplicationStatus);
    moveTo(a, overCard.status, columnOf(overCard.status).indexOf(overCard));
  };

  return (
    <DndContext sensors={sensors} collisionDetection={closestCorners} onDragEnd={onDragEnd}>
      {/* The board scrolls sideways inside its own box (min-w-0, max-w-full): at 390 px the page itself never does. */}
      <div data-testid="applications-board" className="flex w-full min-w-0 max-w-full snap-x gap-3 overflow-x-auto overscroll-x-contain pb-2">
        {BOARD_COLUMNS.map((c) => {
          const items = columnOf(c.status);
          return (
            <Column key={c.status} status={c.status} label={c.label} items={items}>
              {(a, i) => <Card key={a.id} a={a} place={{ index: i, count: items.length }} canMove={canMove} onOpen={onOpen} onMove={moveTo} />}
            </Column>
          );
        })}
      </div>
    </DndContext>
  );
}

function Column({ status, label, items, children }: { status: ApplicationStatus; label: string; items: JobApplication[]; children: (a: JobApplication, index: number) => React.ReactNode }) {
  const { setNodeRef, isOver } = useDroppable({ id: status });
  return (
    <section ref={setNodeRef} aria-label={`${label} (${items.length})`} className={cn("w-64 shrink-0 snap-start rounded-xl bg-zinc-100/80 p-2", isOver && "ring-2 ring-indigo-400")} data-status={status}>
      <h3 className="px-1 pb-2 text-sm font-semibold text-zinc-700">
        {label} <span className="font-normal text-zinc-500">{items.length}</span>
      </h3>
      <SortableContext id={status} items={items.map((a) => a.id)} strategy={verticalListSortingStrategy}>
        <ul className="min-h-16 space-y-2">{items.map(children)}</ul>
      </SortableContext>
    </section>
  );
}

function Card({ a, place, canMove, onOpen, onMove }: { a: JobApplication; place: { index: number; count: number }; canMove: boolean; onOpen: (a: JobApplication) => void; onMove: (a: JobApplication, s: ApplicationStatus, position?: number) => void }) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: a.id, disabled: !canMove });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, transition } : undefined;
  const targets = a.nextStatuses.filter((s) => s !== "HIRED");
  return (
    <li ref={setNodeRef} style={style} className={cn("rounded-lg border border-zinc-200 bg-white p-2.5 shadow-sm", isDragging && "opacity-70 shadow-lg")} data-application={a.name}>
      <div className="flex items-start gap-2">
        {canMove ? (
          <button type="button" className="cursor-grab touch-none rounded px-1 text-zinc-500 hover:bg-zinc-100" aria-label={`Drag ${a.name}`} {...listeners} {...attributes}>
            ⠿
          </button>
        ) : null}
        <button type="button" className="min-w-0 flex-1 text-left" onClick={() => onOpen(a)}>
          <span className="block truncate text-sm font-medium text-zinc-900">{a.name}</span>
          <span className="block truncate text-xs text-zinc-600">{a.email}</span>
        </button>
      </div>
      {canMove && place.count > 1 ? (
        <div className="mt-2 flex gap-1">
          <button type="button" className="rounded border border-zinc-200 px-2 py-0.5 text-xs text-zinc-700 hover:bg-zinc-50 disabled:opacity-40" aria-label={`Move ${a.name} up`} disabled={place.index === 0} onClick={() => onMove(a, a.status, place.index - 1)}>
            ↑ Up
          </button>
          <button type="button" className="rounded border border-zinc-200 px-2 py-0.5 text-xs text-zinc-700 hover:bg-zinc-50 disabled:opacity-40" aria-label={`Move ${a.name} down`} disabled={place.index === place.count - 1} onClick={() => onMove(a, a.status, place.index + 1)}>
            ↓ Down
          </button>
        </div>
      ) : null}
      {canMove && targets.length ? (
        <NativeSelect aria-label={`Move ${a.name} to`} className="mt-2 h-8 text-xs" value="" onChange={(e) => onMove(a, e.target.value as ApplicationStatus)}>
          <option value="">Move to…</option>
          {targets.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </NativeSelect>
      ) : null}
    </li>
  );
}
