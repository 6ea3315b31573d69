import { useQueryClient } from "@tanstack/react-query";
import * as RadixDialog from "@radix-ui/react-dialog";
import { Bell, BellOff, Check, Ellipsis, Link2, Trash2, X } from "lucide-react";
import { useState, type RefObject } from "react";
import { useLocation, useNavigate } from "react-router-dom";
import { toast } from "sonner";
import { Button, IconButton } from "../../components/ui/Button";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { MenuContent, MenuItem, MenuRoot, MenuTrigger } from "../../components/ui/Menu";
import { api, errorMessage } from "../../lib/api";
import { RoomPresence } from "../realtime/RoomPresence";
import { invalidateTasks, useDeleteTask, type Task } from "../tasks/tasks.api";
import type { TaskPermissions } from "./permissions";
import { useSetWatching, useWatchState } from "./task-detail.api";

/** Where a task can be opened by anyone who may see it. */
export function taskLink(task: Pick<Task, "id" | "workspaceId" | "projectId">): string {
  const path = task.projectId ? `/w/${task.workspaceId}/projects/${task.projectId}/board` : `/w/${task.workspaceId}/my-tasks`;
  return `${window.location.origin}${path}?task=${task.id}`;
}

/**
 * Copies text; falls back to a hidden text area and `execCommand` where the
 * clipboard API is missing (plain-http installs). The text area goes inside
 * the drawer, or the drawer's focus trap would pull focus (and the selection) back.
 */
async function copyText(text: string, container: HTMLElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission refused or not a secure context: try the old way.
  }
  if (!container) return false;
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "fixed -left-[9999px] top-0 opacity-0";
  container.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}

interface TaskHeaderProps {
  task: Task;
  permissions: TaskPermissions;
  onClose: () => void;
  container: RefObject<HTMLElement | null>;
}

/** Key, who else is viewing, watch, copy link, delete (with undo) and close. */
export function TaskHeader({ task, permissions, onClose, container }: TaskHeaderProps) {
  const name = task.key ?? "Personal task";
  const [confirmDelete, setConfirmDelete] = useState(false);
  const deleteTask = useDeleteTask();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();

  const [copied, setCopied] = useState(false);
  const copyLink = async () => {
    const link = taskLink(task);
    if (await copyText(link, container.current)) {
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } else {
      toast.info("Copy this link", { description: link, duration: 10_000 });
    }
  };

  const remove = async () => {
    await deleteTask.mutateAsync(task.id);
    const here = location.pathname;
    const reopen = new URLSearchParams(location.search);
    reopen.set("task", task.id);
    onClose();
    // The drawer is gone when Undo is pressed: only the query client and the router are used.
    toast(`Deleted ${task.key ?? `“${task.title}”`}`, {
      duration: 10_000,
      action: {
        label: "Undo",
        onClick: () => {
          api
            .post("/tasks/{id}/restore", { path: { id: task.id } })
            .then(() => {
              void invalidateTasks(queryClient);
              toast.success(`Restored ${task.key ?? `“${task.title}”`}`);
              if (window.location.pathname === here) void navigate(`${here}?${reopen}`);
            })
            .catch((err) => toast.error(errorMessage(err, "Couldn't restore the task.")));
        },
      },
    });
  };

  return (
    <header className="flex h-14 shrink-0 items-center gap-2 border-b border-zinc-200 px-4 sm:px-6">
      <span className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs font-medium text-zinc-600" data-testid="task-key">
        {name}
      </span>
      {!permissions.canEdit ? <span className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-medium text-amber-800">View only</span> : null}
      <div className="ml-auto flex items-center gap-1">
        <div className="mr-2 hidden sm:block">
          <RoomPresence room={`task:${task.id}`} label="viewing" />
        </div>
        {/* Watching notifies about comments by others: a personal task has nobody else. */}
        {task.projectId ? <WatchToggle taskId={task.id} /> : null}
        <IconButton label={copied ? "Link copied" : "Copy link"} onClick={() => void copyLink()}>
          {copied ? <Check className="size-4 text-emerald-600" aria-hidden /> : <Link2 className="size-4" aria-hidden />}
        </IconButton>
        <span className="sr-only" aria-live="polite">
          {copied ? "Link copied" : ""}
        </span>
        {permissions.canDelete ? (
          <MenuRoot modal={false}>
            <MenuTrigger asChild>
              <IconButton label="More actions">
                <Ellipsis className="size-4" aria-hidden />
              </IconButton>
            </MenuTrigger>
            <MenuContent align="end">
              <MenuItem className="text-red-700 data-[highlighted]:bg-red-50 data-[highlighted]:text-red-800" onSelect={() => setConfirmDelete(true)}>
                <Trash2 className="size-4" aria-hidden /> Delete task
              </MenuItem>
            </MenuContent>
          </MenuRoot>
        ) : null}
        <RadixDialog.Close asChild>
          <IconButton label="Close">
            <X className="size-4" aria-hidden />
          </IconButton>
        </RadixDialog.Close>
      </div>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title={`Delete ${task.key ?? "this task"}?`}
        description={
          task.subtaskCount > 0
            ? `“${task.title}” and its place on the board go away; its ${task.subtaskCount} subtask${task.subtaskCount === 1 ? "" : "s"} stay. You can undo right after.`
            : `“${task.title}” goes away for everyone. You can undo right after.`
        }
        confirmLabel="Delete task"
        onConfirm={remove}
      />
    </header>
  );
}

function WatchToggle({ taskId }: { taskId: string }) {
  const state = useWatchState(taskId);
  const setWatching = useSetWatching(taskId);
  const watching = state.data?.watching ?? false;
  const others = (state.data?.watcherIds.length ?? 0) - (watching ? 1 : 0);

  const toggle = () => setWatching.mutate(!watching, { onError: (err) => toast.error(errorMessage(err, "Couldn't change watching.")) });

  return (
    <Button
      variant="ghost"
      size="sm"
      disabled={state.isPending}
      loading={setWatching.isPending}
      onClick={toggle}
      title={`${watching ? "Stop getting" : "Get"} notified about comments${others > 0 ? ` · ${others} other${others === 1 ? "" : "s"} watching` : ""}`}
      icon={watching ? <BellOff className="size-4" aria-hidden /> : <Bell className="size-4" aria-hidden />}
      data-testid="watch-toggle"
    >
      {watching ? "Unwatch" : "Watch"}
    </Button>
  );
}
