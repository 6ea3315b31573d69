import { useOutletContext } from "react-router-dom";
import { can } from "../../lib/permissions";
import type { ProjectOutletContext } from "../projects/ProjectLayout";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { AttachmentsPanel } from "./AttachmentsPanel";

/** The project's Files tab: briefs, references and deliverables that belong to the project rather than to one task. */
export function ProjectFilesPage() {
  const { project } = useOutletContext<ProjectOutletContext>();
  const canAttach = can(useCurrentWorkspace(), "attachment:create");
  return (
    <div className="max-w-5xl">
      <AttachmentsPanel
        entity={{ type: "project", id: project.id }}
        canUpload={canAttach}
        projectId={project.id}
        title="Project files"
        headingLevel="h2"
        emptyHint="No project files yet. Drop briefs, references or deliverables here, or use Attach files."
      />
    </div>
  );
}
