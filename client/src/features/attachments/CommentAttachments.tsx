import { X } from "lucide-react";
import type { Attachment } from "./attachments.api";
import { AttachmentGrid } from "./AttachmentGrid";
import { usePendingDeletes } from "./pending-deletes";
import { formatBytes } from "./upload";
import { useUploads } from "./uploads-store";
import { UploadRows } from "./UploadRows";

/** The files of one comment (from the task's list) and the uploads still going to it. */
export function CommentAttachments({ commentId, taskId, files }: { commentId: string; taskId: string; files: Attachment[] }) {
  const uploads = useUploads({ type: "comment", id: commentId });
  const hidden = usePendingDeletes();
  const shown = files.filter((a) => !hidden.has(a.id));
  if (shown.length === 0 && uploads.length === 0) return null;
  return (
    <div className="mt-2 space-y-2" data-testid="comment-attachments">
      <UploadRows items={uploads} />
      {shown.length ? <AttachmentGrid attachments={shown} taskId={taskId} compact /> : null}
    </div>
  );
}

/** Files chosen in the comment composer, sent once the comment exists. */
export function StagedFiles({ files, onRemove }: { files: File[]; onRemove: (index: number) => void }) {
  if (files.length === 0) return null;
  return (
    <ul className="flex flex-wrap gap-1.5" aria-label="Files to attach" data-testid="staged-files">
      {files.map((f, i) => (
        <li key={`${f.name}-${i}`} className="inline-flex max-w-full items-center gap-1 rounded-md bg-zinc-100 py-0.5 pl-2 pr-0.5 text-xs text-zinc-700">
          <span className="truncate" title={f.name}>
            {f.name}
          </span>
          <span className="shrink-0 text-zinc-500">{formatBytes(f.size)}</span>
          <button type="button" onClick={() => onRemove(i)} aria-label={`Remove ${f.name}`} className="rounded p-0.5 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600">
            <X className="size-3.5" aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}
