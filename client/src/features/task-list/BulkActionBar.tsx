import { ArrowRightLeft, CircleCheck, Trash2, UserRound, UserRoundX, X } from "lucide-react";
import { useState, type ComponentProps, type ReactNode } from "react";
import { Avatar } from "../../components/ui/Avatar";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { MenuContent, MenuItem, MenuLabel, MenuRoot, MenuSeparator, MenuTrigger } from "../../components/ui/Menu";
import { Spinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import type { Member } from "../../lib/types";
import { TASK_STATUS_LABEL } from "../tasks/tasks.api";
import { LIST_STATUSES } from "./list-view";
import type { BulkAction } from "./task-list.api";

/**
 * Floating bar while rows are selected: move, assign, close or delete them in
 * one request. `onRun` rejects with the server's error (nothing changed then).
 */
export function BulkActionBar({
  count,
  members,
  busy,
  onRun,
  onClear,
}: {
  count: number;
  members: Member[];
  busy: boolean;
  onRun: (action: BulkAction) => Promise<unknown>;
  onClear: () => void;
}) {
  const [confirmDelete, setConfirmDelete] = useState(false);
  const tasks = `${count} task${count === 1 ? "" : "s"}`;
  const run = (action: BulkAction) => void onRun(action).catch(() => undefined);

  return (
    <div className="pointer-events-none fixed inset-x-0 bottom-6 z-30 flex justify-center px-4 lg:pl-64">
      <div
        role="toolbar"
        aria-label="Bulk actions"
        className="pointer-events-auto flex max-w-full items-center gap-1 overflow-x-auto rounded-xl bg-zinc-900 p-1.5 text-sm text-white shadow-2xl ring-1 ring-black/10"
      >
        <span className="whitespace-nowrap px-2.5 font-medium" aria-live="polite">
          {count} selected
        </span>
        <span className="mx-1 h-5 w-px bg-white/20" aria-hidden />

        <MenuRoot>
          <MenuTrigger asChild>
            <BarButton icon={<ArrowRightLeft className="size-4" aria-hidden />} disabled={busy}>
              Move to
            </BarButton>
          </MenuTrigger>
          <MenuContent align="center" side="top" className="min-w-44">
            <MenuLabel>Set status of {tasks}</MenuLabel>
            {LIST_STATUSES.map((status) => (
              <MenuItem key={status} onSelect={() => run({ action: "move", status })}>
                {TASK_STATUS_LABEL[status]}
              </MenuItem>
            ))}
          </MenuContent>
        </MenuRoot>

        <MenuRoot>
          <MenuTrigger asChild>
            <BarButton icon={<UserRound className="size-4" aria-hidden />} disabled={busy}>
              Assign
            </BarButton>
          </MenuTrigger>
          <MenuContent align="center" side="top" className="max-h-80 min-w-52 overflow-y-auto">
            <MenuLabel>Assign {tasks} to</MenuLabel>
            {members.map((m) => (
              <MenuItem key={m.userId} onSelect={() => run({ action: "assign", assigneeIds: [m.userId] })}>
                <Avatar name={m.name} seed={m.userId} size="sm" className="size-5! text-[9px]!" />
                <span className="truncate">{m.name}</span>
              </MenuItem>
            ))}
            <MenuSeparator />
            <MenuItem onSelect={() => run({ action: "assign", assigneeIds: [] })}>
              <UserRoundX className="size-4" aria-hidden /> Unassign
            </MenuItem>
          </MenuContent>
        </MenuRoot>

        <BarButton icon={<CircleCheck className="size-4" aria-hidden />} disabled={busy} onClick={() => run({ action: "close" })}>
          Close
        </BarButton>
        <BarButton icon={<Trash2 className="size-4" aria-hidden />} disabled={busy} onClick={() => setConfirmDelete(true)} danger>
          Delete
        </BarButton>

        <span className="mx-1 h-5 w-px bg-white/20" aria-hidden />
        {busy ? <Spinner className="mx-1.5 size-4 text-white/70" label="Working" /> : null}
        <button
          type="button"
          onClick={onClear}
          aria-label="Clear selection"
          title="Clear selection (Esc)"
          className="rounded-lg p-1.5 text-white/70 hover:bg-white/10 hover:text-white focus-visible:outline-2 focus-visible:outline-indigo-400"
        >
          <X className="size-4" aria-hidden />
        </button>
      </div>

      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete ${tasks}?`}
        description="They disappear from the board, the list and search for everyone in the project."
        confirmLabel={`Delete ${tasks}`}
        onConfirm={() => onRun({ action: "delete" })}
      />
    </div>
  );
}

function BarButton({ icon, children, danger = false, ...rest }: { icon: ReactNode; children: ReactNode; danger?: boolean } & ComponentProps<"button">) {
  return (
    <button
      type="button"
      className={cn(
        "inline-flex items-center gap-1.5 whitespace-nowrap rounded-lg px-2.5 py-1.5 font-medium hover:bg-white/10",
        "focus-visible:outline-2 focus-visible:outline-indigo-400 disabled:opacity-50 data-[state=open]:bg-white/10",
        danger ? "text-red-300 hover:text-red-200" : "text-white/90 hover:text-white",
      )}
      {...rest}
    >
      {icon}
      {children}
    </button>
  );
}
