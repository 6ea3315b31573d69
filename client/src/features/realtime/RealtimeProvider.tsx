import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect, useState, type ReactNode } from "react";
import { useNavigate } from "react-router-dom";
import { toast } from "sonner";
import { call } from "../../lib/api";
import { RealtimeClient, type RealtimeEvent } from "../../lib/realtime";
import { ROLE_LABEL } from "../../lib/roles";
import { meQueryKey, useSession } from "../../lib/session";
import type { Me, Member, Role, Workspace } from "../../lib/types";
import { memberKeys } from "../members/members.api";
import { projectKeys } from "../projects/projects.api";
import { taskKeys } from "../tasks/tasks.api";
import { invitationKeys } from "../invitations/invitations.api";
import { addNotification, notificationKeys, type AppNotification } from "../notifications/notifications.api";
import { forgetWorkspace, workspaceKeys } from "../workspaces/workspaces.api";
import { RealtimeContext } from "./realtime-context";

/**
 * Owns the session's socket: created once signed in, closed on sign-out.
 * Domain events update the query cache; events caused by others show a toast.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { status } = useSession();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [client, setClient] = useState<RealtimeClient | null>(null);

  useEffect(() => {
    if (status !== "signed-in") return;
    const rt = new RealtimeClient();
    setClient(rt);
    const offEvent = rt.onEvent((event) => applyEvent(queryClient, event, navigate, rt));
    const offReconnect = rt.onReconnect((rooms, since) => {
      void queryClient.invalidateQueries({ queryKey: notificationKeys.list });
      for (const room of rooms) {
        const [kind, id] = room.split(":");
        if (kind === "workspace" && id) void catchUp(queryClient, id, since);
      }
    });
    return () => {
      offEvent();
      offReconnect();
      rt.close();
      setClient(null);
    };
  }, [status, queryClient, navigate]);

  return <RealtimeContext.Provider value={client}>{children}</RealtimeContext.Provider>;
}

/** After a reconnect: if anything happened in the workspace meanwhile, refetch what we show of it. */
async function catchUp(queryClient: QueryClient, workspaceId: string, since: string): Promise<void> {
  try {
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res = await call("get", "/activity", { query: { workspaceId, since, cursor, limit: 100 } });
      if (res.data.length > 0) {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: workspaceKeys.detail(workspaceId) }),
          queryClient.invalidateQueries({ queryKey: meQueryKey }),
        ]);
        return;
      }
      if (!res.meta.nextCursor) return;
      cursor = res.meta.nextCursor;
    }
  } catch {
    // Not a member any more (404) or offline again: /auth/me tells the truth.
    void queryClient.invalidateQueries({ queryKey: meQueryKey });
  }
}

function myId(queryClient: QueryClient): string | undefined {
  return queryClient.getQueryData<Me>(meQueryKey)?.user.id;
}

/** A name for the user who caused an event, from what is already known. */
function actorName(queryClient: QueryClient, rt: RealtimeClient, event: RealtimeEvent): string {
  if (!event.actorId) return "Someone";
  if (event.workspaceId) {
    const present = rt.presenceOf(`workspace:${event.workspaceId}`).find((u) => u.id === event.actorId);
    if (present) return present.name;
    for (const [, page] of queryClient.getQueriesData<{ data: Member[] }>({ queryKey: memberKeys.all(event.workspaceId) })) {
      const m = page?.data?.find((x) => x.userId === event.actorId);
      if (m) return m.name;
    }
  }
  return "Someone";
}

function workspaceName(queryClient: QueryClient, id: string | null): string | null {
  if (!id) return null;
  return queryClient.getQueryData<Me>(meQueryKey)?.workspaces.find((w) => w.id === id)?.name ?? null;
}

function inWorkspace(id: string | null): boolean {
  return !!id && window.location.pathname.startsWith(`/w/${id}`);
}

function applyEvent(queryClient: QueryClient, event: RealtimeEvent, navigate: (to: string) => void, rt: RealtimeClient): void {
  const me = myId(queryClient);
  const byOther = !!event.actorId && event.actorId !== me;
  const wsId = event.workspaceId;

  switch (event.type) {
    case "workspace.updated": {
      const d = event.data as { id: string; name: string; slug: string; version: number };
      const id = d.id ?? wsId;
      const before = workspaceName(queryClient, id);
      queryClient.setQueryData<Workspace>(workspaceKeys.detail(id), (w) => (w ? { ...w, name: d.name, slug: d.slug, version: d.version } : w));
      queryClient.setQueryData<Me>(meQueryKey, (m) =>
        m ? { ...m, workspaces: m.workspaces.map((w) => (w.id === id ? { ...w, name: d.name, slug: d.slug } : w)) } : m,
      );
      if (byOther && before !== d.name) toast(`${actorName(queryClient, rt, event)} renamed the workspace to “${d.name}”`);
      break;
    }
    case "member.joined":
    case "member.updated": {
      const d = event.data as { userId: string; name: string; role: Role };
      if (!wsId) break;
      void queryClient.invalidateQueries({ queryKey: memberKeys.all(wsId) });
      if (event.type === "member.joined") {
        void queryClient.invalidateQueries({ queryKey: invitationKeys.list(wsId) });
        if (d.userId !== me) toast(`${d.name} joined ${workspaceName(queryClient, wsId) ?? "the workspace"}`);
      } else if (d.userId === me) {
        void queryClient.invalidateQueries({ queryKey: meQueryKey });
        if (byOther) toast(`Your role is now ${ROLE_LABEL[d.role] ?? d.role}`);
      }
      break;
    }
    case "member.removed": {
      const d = event.data as { userId: string };
      if (!wsId) break;
      if (d.userId === me) {
        const name = workspaceName(queryClient, wsId);
        const here = inWorkspace(wsId);
        forgetWorkspace(queryClient, wsId);
        if (byOther) toast(`You were removed from ${name ?? "a workspace"}`);
        if (here) navigate("/");
      } else {
        void queryClient.invalidateQueries({ queryKey: memberKeys.all(wsId) });
      }
      break;
    }
    case "workspace.deleted": {
      const d = event.data as { id: string };
      const id = d.id ?? wsId;
      if (!id) break;
      const name = workspaceName(queryClient, id);
      const here = inWorkspace(id);
      forgetWorkspace(queryClient, id);
      if (byOther) toast(`${actorName(queryClient, rt, event)} deleted ${name ? `“${name}”` : "the workspace"}`);
      if (here) navigate("/");
      break;
    }
    case "project.created":
    case "project.updated":
    case "project.deleted": {
      const d = event.data as { workspaceId?: string } | null;
      const id = wsId ?? d?.workspaceId;
      if (id) void queryClient.invalidateQueries({ queryKey: projectKeys.all(id) });
      break;
    }
    case "task.created":
    case "task.updated":
    case "task.moved":
    case "task.deleted":
    case "comment.created":
    case "comment.updated":
    case "comment.deleted":
    case "sprint.created":
    case "sprint.updated":
    case "sprint.deleted":
    case "sprint.started":
    case "sprint.completed":
    case "artifact.created":
    case "artifact.updated":
    case "artifact.deleted":
    case "document.created":
    case "document.progress":
    case "document.ready":
    case "document.failed":
    case "document.deleted": {
      // Everything cached under ["projects", id] (detail, sprints, stats) and every task list or detail.
      const d = event.data as { projectId?: string | null } | null;
      if (d?.projectId) void queryClient.invalidateQueries({ queryKey: ["projects", d.projectId] });
      void queryClient.invalidateQueries({ queryKey: taskKeys.all });
      break;
    }
    case "assistant.thread_created":
    case "assistant.thread_updated":
    case "assistant.thread_deleted":
    case "assistant.message_completed": {
      // The project's thread list (and the workspace assistant page), and the conversation whose answer ended.
      const d = event.data as { id?: string; projectId?: string; threadId?: string } | null;
      if (d?.projectId) void queryClient.invalidateQueries({ queryKey: ["projects", d.projectId, "threads"] });
      if (wsId) void queryClient.invalidateQueries({ queryKey: ["workspaces", wsId, "assistant"] });
      if (event.type === "assistant.message_completed" && d?.threadId) void queryClient.invalidateQueries({ queryKey: ["threads", d.threadId] });
      if (event.type === "assistant.thread_deleted" && d?.id) queryClient.removeQueries({ queryKey: ["threads", d.id] });
      break;
    }
    case "notification.created": {
      const d = event.data as { notification: AppNotification; unreadCount?: number };
      if (!d?.notification) break;
      addNotification(queryClient, d.notification, d.unreadCount);
      toast(d.notification.title, { description: d.notification.body ?? undefined });
      break;
    }
    default:
      break;
  }
}
