import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef, useState } from "react";
import { toast } from "sonner";
import { attachmentKeys, type AttachmentList } from "./attachments.api";
import { uploadOne } from "./uploads-store";

/** Where pasted or dropped files go in the text: the selection they replace. */
export interface TextRange {
  start: number;
  end: number;
}

/** `[`, `]` and `\` would end a markdown link label early. */
const label = (name: string) => name.replace(/[\r\n]+/g, " ").replace(/([\\[\]])/g, "\\$1");

let counter = 0;

/**
 * Files pasted or dropped into a description or comment editor: uploaded to
 * the TASK; meanwhile the text holds an "Uploading café.png…" placeholder,
 * replaced by `![café.png](attachment:<id>)` (images) or `[name](attachment:<id>)`
 * when the file is stored, or removed with a toast saying why when it is refused.
 * `update` changes the editor's text from its latest value.
 */
export function useInlineUploads(taskId: string | null, update: (change: (text: string) => string) => void, enabled: boolean) {
  const queryClient = useQueryClient();
  const [running, setRunning] = useState(0);
  const latest = useRef(update);
  latest.current = update;

  const onFiles = useCallback(
    (files: File[], at: TextRange) => {
      if (!taskId) return;
      const entity = { type: "task" as const, id: taskId };
      const limits = queryClient.getQueryData<AttachmentList>(attachmentKeys.list(entity, true))?.limits ?? queryClient.getQueryData<AttachmentList>(attachmentKeys.list(entity, false))?.limits ?? null;
      const items = files.map((file) => ({ file, placeholder: `[Uploading ${label(file.name)}…](uploading:${++counter})` }));
      latest.current((text) => {
        const before = text.slice(0, at.start);
        const gap = before && !/\s$/.test(before) ? " " : "";
        return before + gap + items.map((i) => i.placeholder).join(" ") + text.slice(at.end);
      });
      for (const item of items) {
        setRunning((n) => n + 1);
        uploadOne(entity, item.file, { queryClient, limits, taskId })
          .then(
            (a) => {
              const link = a.kind === "image" ? `![${label(a.fileName)}](attachment:${a.id})` : `[${label(a.fileName)}](attachment:${a.id})`;
              latest.current((text) => text.replace(item.placeholder, link));
            },
            (err: unknown) => {
              latest.current((text) => text.replace(item.placeholder, ""));
              const message = err instanceof Error ? err.message : "The upload failed.";
              if (!(err instanceof Error && err.message === "Cancelled")) toast.error(`Couldn't attach ${item.file.name}`, { description: message });
            },
          )
          .finally(() => setRunning((n) => n - 1));
      }
    },
    [taskId, queryClient],
  );

  return { onFiles: taskId && enabled ? onFiles : undefined, uploading: running > 0 };
}
