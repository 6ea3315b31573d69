import { createContext, useContext } from "react";
import type { WorkspaceSummary } from "../../lib/types";

export const WorkspaceContext = createContext<WorkspaceSummary | null>(null);

/** The workspace of the current `/w/:workspaceId` route, with the viewer's role. */
export function useCurrentWorkspace(): WorkspaceSummary {
  const workspace = useContext(WorkspaceContext);
  if (!workspace) throw new Error("useCurrentWorkspace must be used under /w/:workspaceId");
  return workspace;
}

/** Same, but null outside a workspace (profile page). */
export function useOptionalWorkspace(): WorkspaceSummary | null {
  return useContext(WorkspaceContext);
}
