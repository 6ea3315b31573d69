import { useQueryClient } from "@tanstack/react-query";
import { MessageSquare, Pencil, Trash2 } from "lucide-react";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Avatar } from "../../components/ui/Avatar";
import { Button, IconButton } from "../../components/ui/Button";
import { ConfirmDialog } from "../../components/ui/Dialog";
import { Spinner } from "../../components/ui/Spinner";
import { ApiError, errorMessage } from "../../lib/api";
import { formatDateTime, formatRelative } from "../../lib/format";
import { attachmentKeys, useAttachments, type Attachment, type AttachmentList } from "../attachments/attachments.api";
import { AttachFilesButton } from "../attachments/AttachmentsPanel";
import { CommentAttachments, StagedFiles } from "../attachments/CommentAttachments";
import { startUploads } from "../attachments/uploads-store";
import { useInlineUploads } from "../attachments/use-inline-uploads";
import type { Comment } from "../tasks/tasks.api";
import { Markdown } from "./Markdown";
import { MarkdownEditor, type Mentionable } from "./MarkdownEditor";
import type { TaskPermissions } from "./permissions";
import { rememberComment, type CommentPages, useAddComment, useComments, useDeleteComment, useEditComment } from "./task-detail.api";

interface CommentsSectionProps {
  taskId: string;
  permissions: TaskPermissions;
  mentionables: Mentionable[];
  nameOf: (userId: string) => string | undefined;
  /** May attach files (`attachment:create`). */
  canAttach?: boolean;
}

const NO_FILES: Attachment[] = [];

/** Comments oldest first, "Load more" for newer pages, and a composer with Write/Preview and @mentions. */
export function CommentsSection({ taskId, permissions, mentionables, nameOf, canAttach = false }: CommentsSectionProps) {
  const comments = useComments(taskId);
  // The task's list with its comments' files (shared with the drawer's Attachments section).
  const attachments = useAttachments({ type: "task", id: taskId }, { includeComments: true });
  const filesByComment = new Map<string, Attachment[]>();
  for (const a of attachments.data?.data ?? []) {
    if (a.entityType === "comment") filesByComment.set(a.entityId, [...(filesByComment.get(a.entityId) ?? []), a]);
  }
  const listEnd = useRef<HTMLDivElement>(null);
  // Pages can overlap by one when a comment is added or deleted between fetches.
  const list = dedupe(comments.data?.pages.flatMap((p) => p.data) ?? []);
  const total = comments.data?.pages.at(-1)?.meta?.total ?? list.length;

  /** After posting: load every page so the new comment (always last) is on screen. */
  const showLatest = async () => {
    const more = (data: CommentPages | undefined) => {
      const meta = data?.pages.at(-1)?.meta;
      return !!meta && meta.page < meta.totalPages;
    };
    let data = (await comments.refetch()).data;
    for (let i = 0; i < 50 && more(data); i++) data = (await comments.fetchNextPage()).data;
    listEnd.current?.scrollIntoView({ block: "nearest", behavior: "smooth" });
  };

  return (
    <div className="space-y-4">
      {comments.isPending ? (
        <div className="flex items-center gap-2 py-4 text-sm text-zinc-500">
          <Spinner className="size-4" /> Loading comments…
        </div>
      ) : comments.isError ? (
        <p role="alert" className="text-sm text-red-700">
          Couldn't load comments: {errorMessage(comments.error)}{" "}
          <button type="button" className="font-medium underline" onClick={() => void comments.refetch()}>
            Try again
          </button>
        </p>
      ) : list.length === 0 ? (
        <div className="flex flex-col items-center gap-2 py-6 text-center">
          <MessageSquare className="size-5 text-zinc-300" aria-hidden />
          <p className="text-sm text-zinc-500">No comments yet.{permissions.canEdit ? " Start the conversation below." : ""}</p>
        </div>
      ) : (
        <ol className="space-y-4" aria-label={`${total} comment${total === 1 ? "" : "s"}`}>
          {list.map((c) => (
            <CommentItem key={c.id} taskId={taskId} comment={c} permissions={permissions} mentionables={mentionables} nameOf={nameOf} canAttach={canAttach} files={filesByComment.get(c.id) ?? NO_FILES} />
          ))}
        </ol>
      )}
      {comments.hasNextPage ? (
        <Button variant="secondary" size="sm" loading={comments.isFetchingNextPage} onClick={() => void comments.fetchNextPage()}>
          Load more comments ({total - list.length} more)
        </Button>
      ) : null}
      <div ref={listEnd} />
      {permissions.canEdit ? <Composer taskId={taskId} mentionables={mentionables} nameOf={nameOf} onPosted={showLatest} canAttach={canAttach} /> : null}
    </div>
  );
}

function dedupe(list: Comment[]): Comment[] {
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.id) ? false : (seen.add(c.id), true)));
}

function Composer({ taskId, mentionables, nameOf, onPosted, canAttach }: { taskId: string; mentionables: Mentionable[]; nameOf: CommentsSectionProps["nameOf"]; onPosted: () => Promise<void>; canAttach: boolean }) {
  const queryClient = useQueryClient();
  const [body, setBody] = useState("");
  // A new editor after each post, so it starts again on the Write tab.
  const [round, setRound] = useState(0);
  // Files for the comment itself: uploaded to it once it exists.
  const [staged, setStaged] = useState<File[]>([]);
  const add = useAddComment(taskId);
  const inline = useInlineUploads(taskId, setBody, canAttach);

  const submit = () => {
    if (!body.trim() || add.isPending || inline.uploading) return;
    add.mutate(body, {
      onSuccess: (comment) => {
        if (staged.length) {
          const limits = queryClient.getQueryData<AttachmentList>(attachmentKeys.list({ type: "task", id: taskId }, true))?.limits ?? null;
          startUploads({ type: "comment", id: comment.id }, staged, { queryClient, limits, taskId });
        }
        setStaged([]);
        setBody("");
        setRound((r) => r + 1);
        void onPosted();
      },
      onError: (err) => toast.error(errorMessage(err, "Couldn't post the comment.")),
    });
  };

  return (
    <div className="space-y-2" data-testid="comment-composer">
      <MarkdownEditor
        key={round}
        value={body}
        onChange={setBody}
        label="New comment"
        placeholder={mentionables.length ? "Write a comment… Markdown works; type @ to mention someone" : "Write a note… Markdown works"}
        mentionables={mentionables.length ? mentionables : undefined}
        nameOf={nameOf}
        onSubmit={submit}
        rows={3}
        testId="comment-input"
        onFiles={inline.onFiles}
      />
      <StagedFiles files={staged} onRemove={(i) => setStaged((files) => files.filter((_, j) => j !== i))} />
      <div className="flex items-center justify-end gap-2">
        <span className="mr-auto hidden text-xs text-zinc-500 sm:inline">{inline.uploading ? "Uploading files…" : "Ctrl/⌘+Enter to send"}</span>
        {canAttach ? <AttachFilesButton compact onFiles={(files) => setStaged((s) => [...s, ...files])} label="Attach" /> : null}
        <Button size="sm" onClick={submit} loading={add.isPending} disabled={!body.trim() || inline.uploading}>
          Comment
        </Button>
      </div>
    </div>
  );
}

function CommentItem({ taskId, comment, permissions, mentionables, nameOf, canAttach = false, files }: { taskId: string; comment: Comment; files: Attachment[] } & Omit<CommentsSectionProps, "taskId">) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<string | null>(null);
  const inline = useInlineUploads(taskId, (change) => setDraft((d) => (d === null ? d : change(d))), canAttach && comment.authorId === permissions.meId);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const edit = useEditComment(taskId);
  const remove = useDeleteComment(taskId);
  const author = comment.author?.name ?? nameOf(comment.authorId) ?? "Former member";

  const save = () => {
    if (draft === null || !draft.trim() || inline.uploading) return;
    if (draft === comment.body) return setDraft(null);
    edit.mutate(
      { id: comment.id, body: draft, version: comment.version },
      {
        onSuccess: () => setDraft(null),
        onError: (err) => {
          if (err instanceof ApiError && err.status === 409 && err.current) {
            rememberComment(queryClient, taskId, err.current as Comment);
            toast.warning("Someone else changed this comment — your edit is still in the editor");
          } else {
            toast.error(errorMessage(err, "Couldn't save the comment."));
          }
        },
      },
    );
  };

  return (
    <li className="flex gap-3" data-testid="comment" data-comment-id={comment.id}>
      <Avatar name={author} seed={comment.authorId} size="sm" className="mt-0.5" />
      <div className="min-w-0 flex-1">
        <div className="flex flex-wrap items-baseline gap-x-2">
          <span className="text-sm font-medium text-zinc-900">{author}</span>
          <time dateTime={comment.createdAt} title={formatDateTime(comment.createdAt)} className="text-xs text-zinc-500">
            {formatRelative(comment.createdAt)}
          </time>
          {comment.editedAt ? (
            <span className="text-xs text-zinc-400" title={`Edited ${formatDateTime(comment.editedAt)}`}>
              (edited)
            </span>
          ) : null}
          {draft === null ? (
            <span className="ml-auto flex gap-0.5">
              {permissions.canEditComment(comment) ? (
                <IconButton label="Edit comment" className="size-7" onClick={() => setDraft(comment.body)}>
                  <Pencil className="size-3.5" aria-hidden />
                </IconButton>
              ) : null}
              {permissions.canDeleteComment(comment) ? (
                <IconButton label="Delete comment" className="size-7 hover:text-red-700" onClick={() => setConfirmDelete(true)}>
                  <Trash2 className="size-3.5" aria-hidden />
                </IconButton>
              ) : null}
            </span>
          ) : null}
        </div>
        {draft === null ? (
          <Markdown source={comment.body} nameOf={nameOf} className="mt-1" />
        ) : (
          <div className="mt-2 space-y-2">
            <MarkdownEditor
              value={draft}
              onChange={setDraft}
              label="Edit comment"
              mentionables={mentionables.length ? mentionables : undefined}
              nameOf={nameOf}
              onSubmit={save}
              onCancel={() => draft === comment.body && setDraft(null)}
              autoFocus
              rows={3}
              onFiles={inline.onFiles}
            />
            <div className="flex justify-end gap-2">
              <Button variant="secondary" size="sm" onClick={() => setDraft(null)}>
                Cancel
              </Button>
              <Button size="sm" onClick={save} loading={edit.isPending} disabled={!draft.trim() || inline.uploading}>
                Save
              </Button>
            </div>
          </div>
        )}
        <CommentAttachments commentId={comment.id} taskId={taskId} files={files} />
      </div>
      <ConfirmDialog
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        title="Delete this comment?"
        description={comment.authorId === permissions.meId ? "Your comment will be removed for everyone." : `${author}'s comment will be removed for everyone.`}
        confirmLabel="Delete comment"
        onConfirm={async () => {
          await remove.mutateAsync(comment.id);
        }}
      />
    </li>
  );
}
