import { useQueryClient } from "@tanstack/react-query";
import { Paperclip, Upload } from "lucide-react";
import { useRef, useState, type DragEvent, type ReactNode } from "react";
import { Button } from "../../components/ui/Button";
import { Spinner } from "../../components/ui/Spinner";
import { errorMessage } from "../../lib/api";
import { cn } from "../../lib/cn";
import { useAttachments, useLiveAttachments, type Attachment, type AttachmentEntity, type UploadLimits } from "./attachments.api";
import { AttachmentGrid } from "./AttachmentGrid";
import { undoDelete, usePendingDeletes, useUndoableDeletes } from "./pending-deletes";
import { formatBytes } from "./upload";
import { startUploads, useUploads } from "./uploads-store";
import { UploadRows } from "./UploadRows";

/** Whether a drag carries files (not text or a link). */
export const dragHasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");

/**
 * A hidden file input opened by an "Attach files" button; each chosen batch
 * goes to `onFiles`. Keyboard users get a real button; the input stays out of
 * the tab order.
 */
export function AttachFilesButton({ onFiles, label = "Attach files", compact = false, disabled }: { onFiles: (files: File[]) => void; label?: string; compact?: boolean; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button variant={compact ? "ghost" : "secondary"} size="sm" icon={<Paperclip className="size-3.5" aria-hidden />} onClick={() => input.current?.click()} disabled={disabled}>
        {label}
      </Button>
      <input
        ref={input}
        type="file"
        multiple
        tabIndex={-1}
        aria-hidden
        className="hidden"
        data-testid="attachment-input"
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = ""; // the same file can be chosen again
          if (files.length) onFiles(files);
        }}
      />
    </>
  );
}

/** Drag-and-drop target for files: `dragging` while files hover over it. */
export function useFileDrop(onFiles: ((files: File[]) => void) | null) {
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  if (!onFiles) return { dragging: false, handlers: {} };
  return {
    dragging,
    handlers: {
      onDragEnter: (e: DragEvent) => {
        if (!dragHasFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setDragging(true);
      },
      onDragOver: (e: DragEvent) => {
        if (!dragHasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "copy";
      },
      onDragLeave: (e: DragEvent) => {
        if (!dragHasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      },
      onDrop: (e: DragEvent) => {
        if (!dragHasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setDragging(false);
        const files = Array.from(e.dataTransfer.files);
        if (files.length) onFiles(files);
      },
    },
  };
}

interface AttachmentsPanelProps {
  entity: AttachmentEntity;
  /** `can(workspace, "attachment:create")`: viewers see the files but get no upload. */
  canUpload: boolean;
  title?: string;
  /** A task's list with its comments' files too (marked "In a comment"). */
  includeComments?: boolean;
  /** The project of the entity, for live updates of comment files. */
  projectId?: string | null;
  /** Heading level of the title. */
  headingLevel?: "h2" | "h3";
  /** What the empty list says to someone who can upload. */
  emptyHint?: ReactNode;
}

/**
 * The files of a task, comment, project or booking: drop files anywhere on
 * the panel or use "Attach files" (several at once, one request per file with
 * its own progress bar and Cancel), a grid of tiles with previews, delete
 * with undo, and live updates when others add or remove files.
 */
export function AttachmentsPanel({ entity, canUpload, title = "Attachments", includeComments = false, projectId, headingLevel = "h3", emptyHint }: AttachmentsPanelProps) {
  const queryClient = useQueryClient();
  const list = useAttachments(entity, { includeComments });
  const uploads = useUploads(entity);
  const hidden = usePendingDeletes();
  const undoable = useUndoableDeletes().filter(
    (p) => (p.attachment.entityType === entity.type && p.attachment.entityId === entity.id) || (entity.type === "task" && p.taskId === entity.id),
  );
  useLiveAttachments(entity, list.data?.data, projectId);
  const files = (list.data?.data ?? []).filter((a) => !hidden.has(a.id));
  const limits: UploadLimits | null = list.data?.limits ?? null;
  const taskId = entity.type === "task" ? entity.id : null;

  const upload = (chosen: File[]) => startUploads(entity, chosen, { queryClient, limits, taskId });
  const drop = useFileDrop(canUpload ? upload : null);
  const Heading = headingLevel;
  const headingId = `attachments-${entity.type}-${entity.id}`;
  const originOf = (a: Attachment) => (a.entityType === "comment" ? "In a comment" : null);

  return (
    <section aria-labelledby={headingId} className="relative space-y-3" data-testid="attachments-panel" data-entity={`${entity.type}:${entity.id}`} {...drop.handlers}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <Heading id={headingId} className="text-sm font-semibold text-zinc-900">
          {title}
          {files.length ? <span className="ml-1.5 font-normal text-zinc-500">{files.length}</span> : null}
        </Heading>
        {list.data && files.length ? <span className="text-xs text-zinc-500">{formatBytes(files.reduce((sum, a) => sum + a.size, 0))}</span> : null}
        {canUpload ? (
          <div className="ml-auto">
            <AttachFilesButton onFiles={upload} />
          </div>
        ) : null}
      </div>
      <UploadRows items={uploads} />
      {undoable.length ? (
        // One live region around the list: a role on each item would hide that it is a list item.
        <div role="status" aria-label="Deleted files">
        <ul className="space-y-1">
          {undoable.map(({ attachment: a }) => (
            <li key={a.id} className="flex items-center gap-2 rounded-lg bg-zinc-50 px-3 py-1.5 text-sm text-zinc-600">
              <span className="min-w-0 flex-1 truncate">Deleted {a.fileName}</span>
              <button
                type="button"
                onClick={() => undoDelete(a.id)}
                aria-label={`Undo delete of ${a.fileName}`}
                className="rounded font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                Undo
              </button>
            </li>
          ))}
        </ul>
        </div>
      ) : null}
      {list.isPending ? (
        <div className="flex items-center gap-2 py-3 text-sm text-zinc-500">
          <Spinner className="size-4" label="Loading files" /> Loading files…
        </div>
      ) : list.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Couldn't load the files: {errorMessage(list.error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void list.refetch()}>
            Try again
          </button>
        </p>
      ) : files.length === 0 && uploads.length === 0 && undoable.length === 0 ? (
        canUpload ? (
          <p className="flex items-center gap-2 rounded-lg border border-dashed border-zinc-300 px-3 py-4 text-sm text-zinc-500">
            <Upload className="size-4 shrink-0 text-zinc-400" aria-hidden />
            <span>{emptyHint ?? "Drop files here, or use Attach files."} {limits ? `Up to ${formatBytes(limits.fileBytes)} each.` : ""}</span>
          </p>
        ) : (
          <p className="text-sm text-zinc-500">No files.</p>
        )
      ) : files.length ? (
        <AttachmentGrid attachments={files} taskId={taskId} originOf={includeComments ? originOf : undefined} />
      ) : null}
      {drop.dragging ? (
        <div className="pointer-events-none absolute -inset-2 z-10 flex items-center justify-center rounded-xl border-2 border-dashed border-indigo-500 bg-indigo-50/90 text-sm font-medium text-indigo-800" aria-hidden>
          <Upload className={cn("mr-2 size-4")} /> Drop to attach
        </div>
      ) : null}
    </section>
  );
}
