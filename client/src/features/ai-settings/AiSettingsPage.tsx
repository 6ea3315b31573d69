import { useSearchParams } from "react-router-dom";
import { PageHeader } from "../../components/ui/Card";
import { EmptyState } from "../../components/ui/EmptyState";
import { can } from "../../lib/permissions";
import { useMe } from "../../lib/session";
import { useCurrentWorkspace } from "../workspaces/WorkspaceContext";
import { BudgetSection } from "./BudgetSection";
import { currentMonth } from "./format";
import { ProviderStatusSection } from "./ProviderStatusSection";
import { UsageSection } from "./UsageSection";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Workspace settings → AI: the server's provider, this workspace's usage and its monthly budget. */
export function AiSettingsPage() {
  const workspace = useCurrentWorkspace();
  const { data: me } = useMe();
  // The month lives in the URL (?month=YYYY-MM) so a link or reload keeps it.
  const [params, setParams] = useSearchParams();
  const raw = params.get("month");
  const now = currentMonth();
  const month = raw && MONTH.test(raw) && raw <= now ? raw : now;
  const setMonth = (next: string) => setParams(next === now ? {} : { month: next }, { replace: true });

  return (
    <>
      <title>{`AI · ${workspace.name} · TeamFlow`}</title>
      <PageHeader title="AI" description="The AI provider, this workspace's usage and its spending limit." />
      <div className="space-y-6">
        <ProviderStatusSection timeZone={me?.user.timezone} />
        {can(workspace, "ai:usage") ? (
          <>
            <BudgetSection workspaceId={workspace.id} canEdit={can(workspace, "ai:budget")} />
            <UsageSection workspaceId={workspace.id} month={month} onMonthChange={setMonth} />
          </>
        ) : (
          <EmptyState title="Usage is not shown to your role" description="Ask an owner or admin of the workspace for the AI usage and budget." />
        )}
      </div>
    </>
  );
}
