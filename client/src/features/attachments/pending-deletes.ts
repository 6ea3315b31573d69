import type { QueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { toast } from "sonner";
import { API_BASE, errorMessage, getAccessToken } from "../../lib/api";
import { deleteAttachment, refreshAttachments, type Attachment } from "./attachments.api";

/**
 * Delete with undo: the tile goes at once and a toast offers Undo for a few
 * seconds; the DELETE is sent only when the toast runs out (or is closed, or
 * the page is left). Undo just shows the tile again: nothing was sent.
 */

export const UNDO_MS = 6_000;

interface Pending {
  attachment: Attachment;
  timer: ReturnType<typeof setTimeout>;
  toastId: string | number;
  queryClient: QueryClient;
  taskId: string | null;
  committing: boolean;
}

const pending = new Map<string, Pending>();
const listeners = new Set<() => void>();
let hidden: ReadonlySet<string> = new Set();
let waiting: readonly { attachment: Attachment; taskId: string | null }[] = [];

function changed() {
  hidden = new Set(pending.keys());
  waiting = [...pending.values()].filter((p) => !p.committing).map(({ attachment, taskId }) => ({ attachment, taskId }));
  for (const l of listeners) l();
}

async function commit(id: string) {
  const p = pending.get(id);
  if (!p || p.committing) return;
  p.committing = true;
  changed();
  clearTimeout(p.timer);
  toast.dismiss(p.toastId);
  try {
    await deleteAttachment(id);
    await refreshAttachments(p.queryClient, { type: p.attachment.entityType, id: p.attachment.entityId }, p.taskId);
  } catch (err) {
    toast.error(`Couldn't delete ${p.attachment.fileName}: ${errorMessage(err)}`);
  } finally {
    pending.delete(id);
    changed();
  }
}

/** Shows the file again; nothing was sent. */
export function undoDelete(id: string) {
  const p = pending.get(id);
  if (!p || p.committing) return;
  clearTimeout(p.timer);
  pending.delete(id);
  changed();
}

/** Hides the attachment now and deletes it after UNDO_MS unless Undo is pressed. */
export function deleteWithUndo(attachment: Attachment, queryClient: QueryClient, taskId: string | null = null) {
  if (pending.has(attachment.id)) return;
  const id = attachment.id;
  let undone = false;
  const toastId = toast(`Deleted ${attachment.fileName}`, {
    duration: UNDO_MS,
    action: {
      label: "Undo",
      onClick: () => {
        undone = true;
        undoDelete(id);
      },
    },
    // Closed by hand: no need to wait any longer.
    onDismiss: () => {
      if (!undone) void commit(id);
    },
  });
  const timer = setTimeout(() => void commit(id), UNDO_MS);
  pending.set(id, { attachment, timer, toastId, queryClient, taskId, committing: false });
  changed();
}

// Leaving the page (reload, closing the tab): send what is still waiting, with keepalive so it outlives the page.
if (typeof window !== "undefined") {
  window.addEventListener("pagehide", () => {
    const token = getAccessToken();
    for (const [id, p] of pending) {
      if (p.committing) continue;
      void fetch(`${API_BASE}/attachments/${encodeURIComponent(id)}`, {
        method: "DELETE",
        keepalive: true,
        credentials: "include",
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      }).catch(() => undefined);
    }
  });
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Ids of attachments waiting for their delete (hidden everywhere). */
export function usePendingDeletes(): ReadonlySet<string> {
  return useSyncExternalStore(subscribe, () => hidden);
}

/** The deletes that can still be undone (for an inline Undo that keyboard users reach inside a dialog). */
export function useUndoableDeletes() {
  return useSyncExternalStore(subscribe, () => waiting);
}
