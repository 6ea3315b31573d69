import * as RadixDialog from "@radix-ui/react-dialog";
import { CornerLeftUp, SearchX, TriangleAlert, X } from "lucide-react";
import { useCallback, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { useSearchParams } from "react-router-dom";
import { useReturnFocus } from "../../components/ui/return-focus";
import { Button, IconButton } from "../../components/ui/Button";
import { ErrorState } from "../../components/ui/ErrorState";
import { Spinner } from "../../components/ui/Spinner";
import { ApiError } from "../../lib/api";
import { cn } from "../../lib/cn";
import { TaskAttachmentLinks } from "../attachments/attachment-links";
import { AiBreakdown } from "../ai-breakdown/AiBreakdown";
import { useCanAttach } from "../attachments/attachments.api";
import { AttachmentsPanel } from "../attachments/AttachmentsPanel";
import { useLabels, useTask, type Task } from "../tasks/tasks.api";
import { ActivitySection } from "./ActivitySection";
import type { ActivityNames } from "./activity-text";
import { CommentsSection } from "./CommentsSection";
import { DescriptionSection } from "./DescriptionSection";
import { useTaskPermissions } from "./permissions";
import { SubtasksSection } from "./SubtasksSection";
import { TaskHeader } from "./TaskHeader";
import { TaskProperties } from "./TaskProperties";
import { TitleEditor } from "./TitleEditor";
import { useAllMembers, useCreateLabel, useProjectSprints } from "./task-detail.api";
import { CONFLICT_MESSAGE, useTaskPatch, type SaveTask } from "./use-task-patch";

/**
 * Task details in a sheet on the right (a modal dialog: focus stays inside,
 * Escape closes, focus returns to what opened it). Opened by the pages that
 * show tasks when the URL has `?task=<id>`; `onClose` removes it.
 */
export function TaskDrawer({ taskId, onClose }: { taskId: string; onClose: () => void }) {
  const task = useTask(taskId);
  const content = useRef<HTMLDivElement>(null);
  const t = task.data;
  const name = t ? `${t.key ?? "Personal task"}: ${t.title}` : "Task";
  // Mounted only while open: Radix alone cannot give the focus back to the card or bar that opened it.
  useReturnFocus(true);

  return (
    <RadixDialog.Root open onOpenChange={(open) => !open && onClose()}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/25 data-[state=open]:animate-[fade-in_150ms_ease-out]" />
        <RadixDialog.Content
          ref={content}
          aria-label={name}
          data-testid="task-drawer"
          // The dialog itself takes focus, so a screen reader announces the task before anything else.
          // A toast (Undo of a deleted file) sits outside the dialog: using it must not close the drawer.
          onInteractOutside={(e) => {
            if (e.target instanceof Element && e.target.closest("[data-sonner-toaster]")) e.preventDefault();
          }}
          onOpenAutoFocus={(e) => {
            e.preventDefault();
            content.current?.focus();
          }}
          // Editors with unsaved text, the title field and the mention picker handle Escape themselves.
          onEscapeKeyDown={(e) => {
            if (e.target instanceof Element && e.target.closest("[data-local-escape]")) e.preventDefault();
          }}
          className={cn(
            "fixed inset-y-0 right-0 z-50 flex w-full flex-col bg-white shadow-2xl ring-1 ring-zinc-900/10 focus:outline-none sm:w-[min(46rem,calc(100vw-2rem))]",
            "transition-transform duration-200 ease-out starting:translate-x-full",
          )}
        >
          <TaskDrawerBody key={taskId} taskId={taskId} onClose={onClose} container={content} />
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

function TaskDrawerBody({ taskId, onClose, container }: { taskId: string; onClose: () => void; container: RefObject<HTMLDivElement | null> }) {
  const task = useTask(taskId);

  if (task.isPending) {
    return (
      <>
        <BareHeader />
        <div className="flex flex-1 items-center justify-center gap-2 text-sm text-zinc-500">
          <Spinner className="text-indigo-600" label="Loading task" /> Loading task…
        </div>
      </>
    );
  }
  if (task.isError) {
    const missing = task.error instanceof ApiError && task.error.status === 404;
    return (
      <>
        <BareHeader />
        {missing ? (
          <div role="alert" className="flex flex-1 flex-col items-center justify-center gap-3 px-6 text-center">
            <div className="flex size-12 items-center justify-center rounded-full bg-zinc-100 text-zinc-500">
              <SearchX className="size-6" aria-hidden />
            </div>
            <h2 className="text-base font-semibold text-zinc-900">This task doesn't exist or was deleted</h2>
            <p className="max-w-sm text-sm text-zinc-500">It may have been removed, or the link points to a task in a workspace you're not part of.</p>
            <Button variant="secondary" onClick={onClose}>
              Close
            </Button>
          </div>
        ) : (
          <ErrorState error={task.error} onRetry={() => void task.refetch()} title="Couldn't load this task" />
        )}
      </>
    );
  }
  return <TaskDetails task={task.data} onClose={onClose} container={container} />;
}

/** Header while there is no task to show: only the close button. */
function BareHeader() {
  return (
    <header className="flex h-14 shrink-0 items-center justify-end border-b border-zinc-200 px-4 sm:px-6">
      <RadixDialog.Close asChild>
        <IconButton label="Close">
          <X className="size-4" aria-hidden />
        </IconButton>
      </RadixDialog.Close>
    </header>
  );
}

function TaskDetails({ task, onClose, container }: { task: Task; onClose: () => void; container: RefObject<HTMLDivElement | null> }) {
  const permissions = useTaskPermissions(task);
  const [conflict, setConflict] = useState(false);
  const { mutate } = useTaskPatch(task.id, { onConflict: () => setConflict(true) });
  const save: SaveTask = useCallback((changes, preview) => mutate({ changes, preview }), [mutate]);
  const members = useAllMembers(task.workspaceId);
  const labels = useLabels(task.workspaceId);
  const sprints = useProjectSprints(task.projectId);
  const createLabel = useCreateLabel(task.workspaceId);
  const [, setSearch] = useSearchParams();
  const canAttach = useCanAttach(task.workspaceId);

  const memberList = useMemo(() => members.data ?? [], [members.data]);
  const nameOf = useCallback(
    (userId: string) => memberList.find((m) => m.userId === userId)?.name ?? task.assignees.find((a) => a.id === userId)?.name,
    [memberList, task.assignees],
  );
  const names: ActivityNames = {
    person: nameOf,
    label: (id) => labels.data?.find((l) => l.id === id)?.name,
    sprint: (id) => sprints.data?.find((s) => s.id === id)?.name,
  };
  // A personal task is private: only its owner can be assigned, and there is nobody to mention.
  const assignable = task.projectId ? memberList : memberList.filter((m) => m.userId === permissions.meId);
  const mentionables = useMemo(
    () => (task.projectId ? memberList.map((m) => ({ id: m.userId, name: m.name, email: m.email })) : []),
    [task.projectId, memberList],
  );

  const openTask = (id: string) =>
    setSearch((prev) => {
      const next = new URLSearchParams(prev);
      next.set("task", id);
      return next;
    });

  return (
    <>
      <TaskHeader task={task} permissions={permissions} onClose={onClose} container={container} />
      {conflict ? <ConflictBanner onDismiss={() => setConflict(false)} /> : null}
      <TaskAttachmentLinks taskId={task.id}>
      <div className="flex-1 overflow-y-auto">
        <div className="space-y-6 px-4 py-5 sm:px-6">
          <div className="space-y-1">
            {task.parentId ? <ParentLink parentId={task.parentId} onOpen={openTask} /> : null}
            <TitleEditor title={task.title} canEdit={permissions.canEdit} onSave={(title) => save({ title })} />
          </div>
          <TaskProperties
            task={task}
            canEdit={permissions.canEdit}
            save={save}
            assignable={assignable}
            labels={labels.data ?? []}
            labelsLoading={labels.isPending}
            sprints={sprints.data ?? []}
            createLabel={(input) => createLabel.mutateAsync(input)}
          />
          <DescriptionSection description={task.description} canEdit={permissions.canEdit} onSave={(description) => save({ description })} nameOf={nameOf} taskId={task.id} canAttach={canAttach} />
          <AttachmentsPanel entity={{ type: "task", id: task.id }} canUpload={canAttach} includeComments projectId={task.projectId} />
          <SubtasksSection task={task} canEdit={permissions.canEdit} onOpen={openTask} />
          <AiBreakdown task={task} canEdit={permissions.canEdit} />
          <Discussion
            comments={<CommentsSection taskId={task.id} permissions={permissions} mentionables={mentionables} nameOf={nameOf} canAttach={canAttach} />}
            activity={<ActivitySection taskId={task.id} names={names} />}
          />
        </div>
      </div>
      </TaskAttachmentLinks>
    </>
  );
}

function ConflictBanner({ onDismiss }: { onDismiss: () => void }) {
  return (
    <div role="alert" className="flex shrink-0 items-center gap-2 border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900 sm:px-6">
      <TriangleAlert className="size-4 shrink-0 text-amber-600" aria-hidden />
      <p className="flex-1">{CONFLICT_MESSAGE}. Make your change again if it still applies.</p>
      <IconButton label="Dismiss" className="size-7 text-amber-700 hover:bg-amber-100" onClick={onDismiss}>
        <X className="size-4" aria-hidden />
      </IconButton>
    </div>
  );
}

function ParentLink({ parentId, onOpen }: { parentId: string; onOpen: (id: string) => void }) {
  const parent = useTask(parentId);
  return (
    <button
      type="button"
      onClick={() => onOpen(parentId)}
      className="inline-flex max-w-full items-center gap-1 rounded text-xs text-zinc-500 hover:text-indigo-700 focus-visible:outline-2 focus-visible:outline-indigo-600"
    >
      <CornerLeftUp className="size-3.5 shrink-0" aria-hidden />
      <span className="truncate">
        Subtask of {parent.data ? `${parent.data.key ? `${parent.data.key} ` : ""}${parent.data.title}` : "its parent task"}
      </span>
    </button>
  );
}

type DiscussionTab = "comments" | "activity";

/** Comments and the activity timeline, as two tabs. */
function Discussion({ comments, activity }: { comments: ReactNode; activity: ReactNode }) {
  const [tab, setTab] = useState<DiscussionTab>("comments");
  const tabs: { id: DiscussionTab; label: string }[] = [
    { id: "comments", label: "Comments" },
    { id: "activity", label: "Activity" },
  ];
  return (
    <section aria-label="Discussion" className="border-t border-zinc-100 pt-4">
      <div
        role="tablist"
        aria-label="Comments and activity"
        className="mb-4 flex gap-1 border-b border-zinc-200"
        onKeyDown={(e) => {
          if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
          e.preventDefault();
          const next = tab === "comments" ? "activity" : "comments";
          setTab(next);
          document.getElementById(`task-tab-${next}`)?.focus();
        }}
      >
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`task-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`task-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-indigo-600",
              tab === t.id ? "border-indigo-600 text-indigo-700" : "border-transparent text-zinc-500 hover:text-zinc-800",
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div id="task-panel-comments" role="tabpanel" aria-labelledby="task-tab-comments" hidden={tab !== "comments"}>
        {comments}
      </div>
      <div id="task-panel-activity" role="tabpanel" aria-labelledby="task-tab-activity" hidden={tab !== "activity"}>
        {tab === "activity" ? activity : null}
      </div>
    </section>
  );
}
