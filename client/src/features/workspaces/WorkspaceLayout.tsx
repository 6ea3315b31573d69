import { useEffect } from "react";
import { Link, Outlet, useParams } from "react-router-dom";
import { SearchX } from "lucide-react";
import { EmptyState } from "../../components/ui/EmptyState";
import { buttonClasses } from "../../components/ui/Button";
import { setLastWorkspace } from "../../lib/last-workspace";
import { useMe } from "../../lib/session";
import { SearchDialog } from "../search/SearchDialog";
import { WorkspaceContext } from "./WorkspaceContext";

/** `/w/:workspaceId/*`: checks membership and provides the workspace to its pages. */
export function WorkspaceLayout() {
  const { workspaceId = "" } = useParams();
  const me = useMe();
  const workspace = me.data?.workspaces.find((w) => w.id === workspaceId) ?? null;

  useEffect(() => {
    if (workspace) setLastWorkspace(workspace.id);
  }, [workspace]);

  if (!workspace) {
    return (
      <EmptyState
        icon={SearchX}
        title="Workspace not found"
        description="It may have been deleted, or you are not a member of it any more."
        action={
          <Link to="/" className={buttonClasses()}>
            Go to my workspaces
          </Link>
        }
      />
    );
  }

  return (
    <WorkspaceContext.Provider value={workspace}>
      <Outlet />
      {/* One search per workspace: the key starts a fresh query after a switch. */}
      <SearchDialog key={workspace.id} />
    </WorkspaceContext.Provider>
  );
}
