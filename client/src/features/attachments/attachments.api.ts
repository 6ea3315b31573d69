import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { ApiError, call, type Schema } from "../../lib/api";
import { useRealtime } from "../realtime/realtime-context";
import { can } from "../../lib/permissions";
import { useMe } from "../../lib/session";
import { taskKeys } from "../tasks/tasks.api";

/**
 * Server state of attachments: the list of an entity (task, comment, project,
 * booking), one attachment's details (markdown `attachment:<id>` links), and
 * live refetching on `attachment.*` socket events. Signed URLs in an answer
 * are valid for a few minutes only, so lists refetch before they expire.
 */

export type EntityType = Schema<"AttachmentEntityType">;

/** What attachments hang on. */
export interface AttachmentEntity {
  type: EntityType;
  id: string;
}

/** A presented attachment (the API's `Attachment`): signed relative `urls` for the caller. */
export type Attachment = Schema<"Attachment">;

export interface UploadLimits {
  fileBytes: number;
  entityBytes: number;
}

export interface AttachmentList {
  data: Attachment[];
  total: number;
  totalBytes: number;
  limits: UploadLimits | null;
}

/** The API's attachment events: data `{ id, entityType, entityId, projectId, workspaceId }`. */
export interface AttachmentEventData {
  id: string;
  entityType: EntityType;
  entityId: string;
  projectId: string | null;
  workspaceId: string;
}

export const ATTACHMENT_EVENTS = ["attachment.created", "attachment.updated", "attachment.deleted"] as const;

const PER_PAGE = 100;
const MAX_PAGES = 10;
/** Refetch before the signed links (DOWNLOAD_URL_TTL_SECONDS, 300 by default) run out. */
const REFRESH_LINKS_MS = 4 * 60_000;

export const attachmentKeys = {
  all: ["attachments"] as const,
  entity: (entity: AttachmentEntity) => ["attachments", entity.type, entity.id] as const,
  list: (entity: AttachmentEntity, includeComments: boolean) => ["attachments", entity.type, entity.id, { includeComments }] as const,
  details: (id: string) => ["attachments", "details", id] as const,
};

type ListMeta = { total?: number; totalPages?: number; totalBytes?: number; limits?: UploadLimits };

function listPage(entity: AttachmentEntity, page: number, includeComments: boolean) {
  const query = { page, perPage: PER_PAGE };
  switch (entity.type) {
    case "task":
      return call("get", "/tasks/{id}/attachments", { path: { id: entity.id }, query: { ...query, includeComments: includeComments ? "true" : "false" } });
    case "comment":
      return call("get", "/comments/{id}/attachments", { path: { id: entity.id }, query });
    case "project":
      return call("get", "/projects/{id}/attachments", { path: { id: entity.id }, query });
    case "booking":
      return call("get", "/bookings/{id}/attachments", { path: { id: entity.id }, query });
  }
}

/** Every attachment of an entity (newest first), its total size and the upload limits. */
export async function fetchAttachments(entity: AttachmentEntity, includeComments = false): Promise<AttachmentList> {
  const data: Attachment[] = [];
  let meta: ListMeta = {};
  for (let page = 1; page <= MAX_PAGES; page++) {
    const res = (await listPage(entity, page, includeComments)) as { data: Attachment[]; meta?: ListMeta };
    data.push(...res.data);
    if (page === 1) meta = res.meta ?? {};
    if (page >= (res.meta?.totalPages ?? 1)) break;
  }
  return { data, total: meta.total ?? data.length, totalBytes: meta.totalBytes ?? 0, limits: meta.limits ?? null };
}

/** Unix seconds a signed link stops working (0 when it says nothing). */
function expiryOf(url: string | null): number {
  const exp = url ? /[?&]exp=(\d+)/.exec(url)?.[1] : undefined;
  return exp ? Number(exp) : 0;
}

/** A refetch signs every link anew; keep the links shown while they still work, so images do not load again. */
function keepWorkingLinks(previous: AttachmentList | undefined, next: AttachmentList): AttachmentList {
  if (!previous) return next;
  const soon = Date.now() / 1000 + REFRESH_LINKS_MS / 1000 / 2;
  const before = new Map(previous.data.map((a) => [a.id, a]));
  const data = next.data.map((a) => {
    const old = before.get(a.id);
    if (!old || old.scanStatus !== a.scanStatus || old.thumbnail !== a.thumbnail || old.downloadable !== a.downloadable) return a;
    return expiryOf(old.urls.download) > soon ? { ...a, urls: old.urls } : a;
  });
  return { ...next, data };
}

export function useAttachments(entity: AttachmentEntity, options: { includeComments?: boolean; enabled?: boolean } = {}) {
  const includeComments = options.includeComments ?? false;
  return useQuery({
    queryKey: attachmentKeys.list(entity, includeComments),
    queryFn: () => fetchAttachments(entity, includeComments),
    enabled: options.enabled ?? true,
    refetchInterval: REFRESH_LINKS_MS,
    structuralSharing: (previous, next) => keepWorkingLinks(previous as AttachmentList | undefined, next as AttachmentList),
  });
}

/** One attachment with fresh links; null when it was removed (404). */
export async function fetchAttachmentDetails(id: string): Promise<Attachment | null> {
  try {
    return (await call("get", "/attachments/{id}/details", { path: { id } })).data as Attachment;
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export async function deleteAttachment(id: string): Promise<void> {
  await call("delete", "/attachments/{id}", { path: { id } });
}

/** After an upload or delete: the lists that show the entity's files (a task's list also shows its comments' files). */
export function refreshAttachments(queryClient: QueryClient, entity: AttachmentEntity, taskId?: string | null): Promise<unknown> {
  const jobs = [queryClient.invalidateQueries({ queryKey: attachmentKeys.entity(entity) })];
  if (taskId) {
    jobs.push(queryClient.invalidateQueries({ queryKey: attachmentKeys.entity({ type: "task", id: taskId }) }));
    jobs.push(queryClient.invalidateQueries({ queryKey: taskKeys.activity(taskId) }));
  }
  return Promise.all(jobs);
}

/**
 * Refetches `entity`'s list when an attachment event concerns it: its own
 * files, or (for a task) the files of its comments, which arrive in the task's
 * room with the comment as entity. Events about files already listed count too.
 */
export function useLiveAttachments(entity: AttachmentEntity, listed: readonly Attachment[] | undefined, projectId?: string | null) {
  const rt = useRealtime();
  const queryClient = useQueryClient();
  const listedIds = (listed ?? []).map((a) => a.id).join(",");
  const { type, id } = entity;

  useEffect(() => {
    if (!rt) return;
    const known = new Set(listedIds ? listedIds.split(",") : []);
    return rt.onEvent((event) => {
      if (!(ATTACHMENT_EVENTS as readonly string[]).includes(event.type)) return;
      const d = event.data as AttachmentEventData | null;
      if (!d) return;
      const ours =
        (d.entityType === type && d.entityId === id) ||
        known.has(d.id) ||
        (type === "task" && d.entityType === "comment" && d.projectId === (projectId ?? null));
      if (!ours) return;
      void queryClient.invalidateQueries({ queryKey: attachmentKeys.entity({ type, id }) });
      if (type === "task") void queryClient.invalidateQueries({ queryKey: taskKeys.activity(id) });
    });
  }, [rt, queryClient, type, id, listedIds, projectId]);
}

/** Whether the caller may upload in the workspace (`attachment:create`: owners, admins, members; not viewers). */
export function useCanAttach(workspaceId: string | null | undefined): boolean {
  const me = useMe().data;
  return can(me?.workspaces.find((w) => w.id === workspaceId), "attachment:create");
}
