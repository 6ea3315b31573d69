import { useQueries } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import type { LinkedFile, ResolveAttachment } from "../task-detail/markdown";
import { attachmentIdsIn } from "../task-detail/markdown";
import { attachmentKeys, fetchAttachmentDetails, useAttachments, type Attachment } from "./attachments.api";

/**
 * Resolving `attachment:<id>` links in markdown: from the task's attachment
 * list when the drawer has it loaded (one request for all links), else one
 * `GET /attachments/:id/details` per link. A removed file resolves to null.
 */

interface Known {
  /** Still loading: links wait rather than fetching one by one. */
  loading: boolean;
  byId: ReadonlyMap<string, Attachment>;
}

const KnownFiles = createContext<Known | null>(null);

/** Gives the markdown under it the task's attachment list (with its comments' files). */
export function TaskAttachmentLinks({ taskId, children }: { taskId: string; children: ReactNode }) {
  const list = useAttachments({ type: "task", id: taskId }, { includeComments: true });
  const data = list.data?.data;
  const value = useMemo<Known>(() => ({ loading: list.isPending, byId: new Map((data ?? []).map((a) => [a.id, a])) }), [list.isPending, data]);
  return <KnownFiles.Provider value={value}>{children}</KnownFiles.Provider>;
}

const LINK_TTL_MS = 4 * 60_000;

/** The resolver for the attachment links of `source` (stable while nothing changes). */
export function useAttachmentResolver(source: string): ResolveAttachment {
  const known = useContext(KnownFiles);
  const ids = useMemo(() => attachmentIdsIn(source), [source]);
  const missing = known?.loading ? [] : ids.filter((id) => !known?.byId.has(id));
  const details = useQueries({
    queries: missing.map((id) => ({
      queryKey: attachmentKeys.details(id),
      queryFn: () => fetchAttachmentDetails(id),
      staleTime: LINK_TTL_MS,
      refetchInterval: LINK_TTL_MS,
    })),
  });
  const fetched = new Map<string, Attachment | null | undefined>(missing.map((id, i) => [id, details[i]?.data]));
  const signature = ids.map((id) => {
    const f = known?.byId.get(id) ?? fetched.get(id);
    return `${id}:${f === undefined ? "?" : f === null ? "x" : `${f.scanStatus}:${f.urls.preview ?? ""}:${f.urls.download}`}`;
  }).join("|");
  const table = useMemo(() => {
    const out = new Map<string, LinkedFile | null | undefined>();
    for (const id of ids) out.set(id, known?.byId.get(id) ?? (known?.loading ? undefined : fetched.get(id)));
    return out;
    // The signature stands for everything read here.
  }, [signature]); // eslint-disable-line react-hooks/exhaustive-deps
  return useCallback((id: string) => table.get(id), [table]);
}
