import { Navigate, useParams } from "react-router-dom";
import { ErrorState } from "../../components/ui/ErrorState";
import { PageSpinner } from "../../components/ui/Spinner";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { useTask } from "./tasks.api";

/**
 * `/w/:ws/tasks/:taskId` — the stable link in notifications and emails.
 * Opens the task's drawer where the task lives: its project's board, or My tasks.
 */
export function TaskRedirect() {
  const { taskId = "" } = useParams();
  const workspace = useCurrentWorkspace();
  const task = useTask(taskId);
  if (task.isPending) return <PageSpinner label="Opening task…" />;
  if (task.isError) return <ErrorState error={task.error} onRetry={() => void task.refetch()} title="Couldn't open this task" />;
  const t = task.data;
  const where = t.projectId ? `/w/${workspace.id}/projects/${t.projectId}/board` : `/w/${workspace.id}/my-tasks`;
  return <Navigate to={`${where}?task=${t.id}`} replace />;
}
