import {
  closestCenter,
  DndContext,
  DragOverlay,
  getFirstCollision,
  KeyboardSensor,
  MeasuringStrategy,
  MouseSensor,
  pointerWithin,
  rectIntersection,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { arrayMove, sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { useCallback, useEffect, useRef, useState } from "react";
import { TASK_STATUSES, TASK_STATUS_LABEL, type Task } from "../tasks/tasks.api";
import { columnOf, isBoardStatus, type BoardStatus, type Columns } from "./board-model";
import { BoardColumn } from "./BoardColumn";
import { DraggedTaskCard } from "./TaskCard";

interface Props {
  projectId: string;
  /** What to show: filtered cards, pending moves applied. */
  columns: Columns;
  /** Every card per column when a filter is on (for "3 / 7" counts); null when not filtered. */
  unfiltered: Columns | null;
  canEdit: boolean;
  /** A card was dropped: `dropOrder` is its column's card ids as shown at the drop. */
  onDrop: (task: Task, status: BoardStatus, dropOrder: string[]) => void;
  onOpenTask: (task: Task) => void;
  onNewTask: (status: BoardStatus) => void;
  onCreated: (task: Task) => void;
}

/** While dragging, the board shows this copy of the columns, not the live data (see below). */
interface DragState {
  task: Task;
  columns: Columns;
}

// Enter opens a card, so only Space picks one up; either drops it.
const KEYBOARD_CODES = { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] };

const INSTRUCTIONS =
  "To move a task, press Space to pick it up. Use the up and down arrow keys to change its place in the column " +
  "and the left and right arrow keys to move it to another column. Press Space again to drop it, or Escape to cancel. " +
  "Press Enter to open the task.";

/**
 * The columns and the drag and drop between them (dnd-kit, multiple sortable
 * lists). A drag works on a snapshot of the columns taken when it starts, so a
 * refetch that arrives meanwhile (someone else moved a card) cannot pull the
 * cards out from under the pointer; the drop is then placed on the fresh data
 * by the page.
 */
export function KanbanBoard({ projectId, columns, unfiltered, canEdit, onDrop, onOpenTask, onNewTask, onCreated }: Props) {
  const [drag, setDragState] = useState<DragState | null>(null);
  /**
   * The columns as dropped, shown until the page passes new columns: the page
   * learns of the move a tick after the drop (TanStack Query notifies on a
   * timer), and meanwhile the card would jump back to where it came from.
   */
  const [dropped, setDropped] = useState<{ columns: Columns; basis: Columns } | null>(null);
  // The handlers and the collision detection run outside React's render: they read the drag from a ref.
  const dragRef = useRef<DragState | null>(null);
  // Kept after the drop, for the "dropped" announcement.
  const lastColumns = useRef<Columns>(columns);
  const lastOverId = useRef<UniqueIdentifier | null>(null);
  const movedToNewColumn = useRef(false);
  // A card dropped with the keyboard, to focus again once it renders in its new column.
  const refocusId = useRef<string | null>(null);

  const setDrag = (next: DragState | null) => {
    dragRef.current = next;
    if (next) lastColumns.current = next.columns;
    setDragState(next);
  };

  // A card that changes column is a new element there: keyboard users would lose their place.
  useEffect(() => {
    if (!refocusId.current) return;
    const node = document.querySelector<HTMLElement>(`[data-testid="task-card"][data-task-id="${refocusId.current}"]`);
    if (!node) return;
    refocusId.current = null;
    node.focus({ preventScroll: true });
    node.scrollIntoView({ block: "nearest", inline: "nearest" });
  });

  // A card that just changed column shifts the layout for a frame; see collisionDetection.
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      movedToNewColumn.current = false;
    });
    return () => cancelAnimationFrame(frame);
  }, [drag]);

  /**
   * Keyboard moves, one slot per arrow key: ← and → to the neighbouring column
   * at the same height, ↑ and ↓ to the previous or next card's place. (dnd-kit's
   * sortable getter looks for the nearest droppable in that direction, which
   * across columns is often a card in the same column, or none.)
   */
  const keyboardCoordinates: KeyboardCoordinateGetter = useCallback((event, args) => {
    const { active, collisionRect, droppableRects } = args.context;
    const current = dragRef.current?.columns;
    const from = current && active ? columnOf(current, String(active.id)) : undefined;
    if (!current || !active || !collisionRect || !from) return sortableKeyboardCoordinates(event, args);
    const horizontal = event.code === "ArrowRight" ? 1 : event.code === "ArrowLeft" ? -1 : 0;
    const vertical = event.code === "ArrowDown" ? 1 : event.code === "ArrowUp" ? -1 : 0;
    if (!horizontal && !vertical) return undefined;
    event.preventDefault();
    if (horizontal) {
      const to = TASK_STATUSES[TASK_STATUSES.indexOf(from) + horizontal];
      const column = to ? droppableRects.get(to) : undefined;
      return column && { x: column.left + (column.width - collisionRect.width) / 2, y: Math.max(column.top, collisionRect.top) };
    }
    // Within a column the card's place is the card it is over (dnd-kit reorders only at the drop).
    const ids = current[from].map((t) => t.id);
    const over = lastOverId.current != null && ids.includes(String(lastOverId.current)) ? String(lastOverId.current) : String(active.id);
    const next = ids[ids.indexOf(over) + vertical];
    const slot = next ? droppableRects.get(next) : undefined;
    return slot && { x: collisionRect.left, y: slot.top };
  }, []);

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    // A long press on touch screens, so a swipe still scrolls the board.
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates, keyboardCodes: KEYBOARD_CODES }),
  );

  /**
   * dnd-kit's multiple-containers recipe: the droppable under the pointer (or
   * overlapping the card); over a column that has cards, its nearest card, so
   * a drop always lands between two cards.
   */
  const collisionDetection: CollisionDetection = useCallback((args) => {
    const current = dragRef.current?.columns;
    if (!current) return closestCenter(args);
    const pointerHits = pointerWithin(args);
    let overId = getFirstCollision(pointerHits.length > 0 ? pointerHits : rectIntersection(args), "id");
    if (overId != null) {
      if (isBoardStatus(overId) && current[overId].length > 0) {
        const ids = new Set<UniqueIdentifier>(current[overId].map((t) => t.id));
        overId = closestCenter({ ...args, droppableContainers: args.droppableContainers.filter((c) => ids.has(c.id)) })[0]?.id ?? overId;
      }
      lastOverId.current = overId;
      return [{ id: overId }];
    }
    if (movedToNewColumn.current) lastOverId.current = args.active.id;
    return lastOverId.current != null ? [{ id: lastOverId.current }] : [];
  }, []);

  const onDragStart = ({ active }: DragStartEvent) => {
    const task = TASK_STATUSES.flatMap((s) => columns[s]).find((t) => t.id === active.id);
    setDropped(null);
    if (task) setDrag({ task, columns });
  };

  // Crossing into another column moves the card there in the snapshot; moves within a column are dnd-kit's until the drop.
  const onDragOver = ({ active, over }: DragOverEvent) => {
    const state = dragRef.current;
    if (!state || !over) return;
    const from = columnOf(state.columns, String(active.id));
    const to = isBoardStatus(over.id) ? over.id : columnOf(state.columns, String(over.id));
    if (!from || !to || from === to) return;
    const target = state.columns[to];
    let index = target.length;
    if (!isBoardStatus(over.id)) {
      const translated = active.rect.current.translated;
      const belowOver = translated !== null && translated.top > over.rect.top + over.rect.height / 2;
      index = target.findIndex((t) => t.id === over.id) + (belowOver ? 1 : 0);
    }
    const moving = { ...state.columns[from].find((t) => t.id === active.id)!, status: to };
    movedToNewColumn.current = true;
    setDrag({
      ...state,
      columns: {
        ...state.columns,
        [from]: state.columns[from].filter((t) => t.id !== moving.id),
        [to]: [...target.slice(0, index), moving, ...target.slice(index)],
      },
    });
  };

  const onDragEnd = ({ active, over, activatorEvent }: DragEndEvent) => {
    const state = dragRef.current;
    const id = String(active.id);
    const status = state ? columnOf(state.columns, id) : undefined;
    if (state && over && status) {
      let order = state.columns[status].map((t) => t.id);
      const overIndex = order.indexOf(String(over.id));
      if (overIndex >= 0) order = arrayMove(order, order.indexOf(id), overIndex);
      lastColumns.current = { ...state.columns, [status]: order.map((cardId) => state.columns[status].find((t) => t.id === cardId)!) };
      setDropped({ columns: lastColumns.current, basis: columns });
      onDrop(state.task, status, order);
      if (activatorEvent instanceof KeyboardEvent) refocusId.current = id;
    }
    lastOverId.current = null;
    setDrag(null);
  };

  const onDragCancel = () => {
    lastOverId.current = null;
    setDrag(null);
  };

  const shown = drag?.columns ?? (dropped?.basis === columns ? dropped.columns : columns);
  const dragged = drag ? columnOf(drag.columns, drag.task.id) : undefined;
  const announcements = announcementsFor(lastColumns);

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisionDetection}
      measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
      accessibility={{ announcements, screenReaderInstructions: { draggable: INSTRUCTIONS } }}
    >
      {/* The columns scroll inside the board, not the page. `relative` makes the board the containing block of
          the columns' absolutely positioned parts (sr-only text, menus' anchors): without it they escape the
          scroll container and widen the page to the last column's edge (1,308 px at 390 px). */}
      <div className="relative -mx-1 flex min-h-0 flex-1 items-start gap-3 overflow-x-auto px-1 pb-4" data-testid="board">
        {TASK_STATUSES.map((status) => (
          <BoardColumn
            key={status}
            projectId={projectId}
            status={status}
            tasks={shown[status]}
            total={unfiltered ? unfiltered[status].filter((t) => t.id !== drag?.task.id).length + (dragged === status ? 1 : 0) : null}
            canEdit={canEdit}
            highlighted={dragged === status}
            onOpenTask={onOpenTask}
            onNewTask={onNewTask}
            onCreated={onCreated}
          />
        ))}
      </div>
      <DragOverlay>{drag && dragged ? <DraggedTaskCard task={drag.columns[dragged].find((t) => t.id === drag.task.id) ?? drag.task} /> : null}</DragOverlay>
    </DndContext>
  );
}

/** What screen readers hear while a card moves: its name, column and place in it (read from the drag's columns). */
function announcementsFor(lastColumns: { readonly current: Columns }): Announcements {
  const describe = (activeId: UniqueIdentifier, overId: UniqueIdentifier | undefined) => {
    const columns = lastColumns.current;
    const task = TASK_STATUSES.flatMap((s) => columns[s]).find((t) => t.id === activeId);
    const name = task ? `${task.key ?? "Task"}, ${task.title}` : "The task";
    const status = overId === undefined ? undefined : isBoardStatus(overId) ? overId : columnOf(columns, String(overId));
    if (!status) return { name };
    const column = columns[status];
    const index = column.findIndex((t) => t.id === (isBoardStatus(overId) ? activeId : overId));
    const position = index >= 0 ? index + 1 : column.length;
    return { name, where: `${TASK_STATUS_LABEL[status]}, position ${position} of ${Math.max(column.length, position)}` };
  };
  return {
    onDragStart: ({ active }) => {
      const { name, where } = describe(active.id, active.id);
      return `Picked up ${name}. It is in ${where}.`;
    },
    onDragOver: ({ active, over }) => {
      const { name, where } = describe(active.id, over?.id);
      return where ? `${name} is over ${where}.` : `${name} is not over a column.`;
    },
    onDragEnd: ({ active, over }) => {
      const { name, where } = describe(active.id, over ? active.id : undefined);
      return where ? `${name} was dropped in ${where}.` : `${name} was dropped outside the board and stays where it was.`;
    },
    onDragCancel: ({ active }) => {
      const { name } = describe(active.id, undefined);
      return `Moving ${name} was cancelled. It is back where it was.`;
    },
  };
}
