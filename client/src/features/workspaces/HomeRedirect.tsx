import { Navigate } from "react-router-dom";
import { LogOut, Mail } from "lucide-react";
import { ErrorState } from "../../components/ui/ErrorState";
import { FullPageSpinner } from "../../components/ui/Spinner";
import { Button } from "../../components/ui/Button";
import { getLastWorkspace } from "../../lib/last-workspace";
import { useMe, useSession } from "../../lib/session";
import { AuthLayout } from "../auth/AuthLayout";
import { CreateWorkspaceForm } from "./CreateWorkspaceForm";

/** `/`: back to the last used workspace, or the first, or create one. */
export function HomeRedirect() {
  const me = useMe();
  const { signOut } = useSession();

  if (me.isPending) return <FullPageSpinner />;
  if (me.isError) {
    return (
      <div className="flex min-h-dvh items-center justify-center">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }

  const { workspaces, user } = me.data;
  if (workspaces.length > 0) {
    const last = getLastWorkspace();
    const target = workspaces.find((w) => w.id === last) ?? workspaces[0]!;
    return <Navigate to={`/w/${target.id}`} replace />;
  }

  return (
    <AuthLayout
      title={`Welcome, ${user.name.split(" ")[0]}!`}
      subtitle="Create your first workspace to start planning projects with your team."
      footer={
        <div className="space-y-3">
          <p className="flex items-center justify-center gap-1.5">
            <Mail className="size-4 text-zinc-400" aria-hidden />
            Joining a team? Open the invitation link you were sent.
          </p>
          <Button variant="ghost" size="sm" icon={<LogOut className="size-4" aria-hidden />} onClick={() => void signOut()}>
            Sign out ({user.email})
          </Button>
        </div>
      }
    >
      <title>Create your first workspace · TeamFlow</title>
      <CreateWorkspaceForm />
    </AuthLayout>
  );
}
