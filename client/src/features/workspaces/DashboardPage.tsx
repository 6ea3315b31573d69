import { ArrowRight, Building2, KeyRound, UserPlus, type LucideIcon } from "lucide-react";
import { Link } from "react-router-dom";
import { Badge } from "../../components/ui/Badge";
import { can } from "../../lib/permissions";
import { ROLE_LABEL, roleArticle } from "../../lib/roles";
import { useMe } from "../../lib/session";
import { MODULES } from "../../app/modules";
import { WorkspaceProgress } from "../dashboard/WorkspaceProgress";
import { useCurrentWorkspace } from "./WorkspaceContext";

function greeting(timeZone: string | undefined): string {
  let hour = new Date().getHours();
  try {
    hour = Number(new Intl.DateTimeFormat("en-GB", { hour: "numeric", hourCycle: "h23", timeZone }).format(new Date()));
  } catch {
    // Unknown timezone: use the browser's clock.
  }
  if (hour < 5) return "Good evening";
  if (hour < 12) return "Good morning";
  if (hour < 18) return "Good afternoon";
  return "Good evening";
}

function QuickLink({ to, icon: Icon, title, description }: { to: string; icon: LucideIcon; title: string; description: string }) {
  return (
    <Link
      to={to}
      className="group flex gap-4 rounded-xl bg-white p-4 shadow-xs ring-1 ring-zinc-200 transition hover:shadow-md hover:ring-indigo-200"
    >
      <span className="flex size-10 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
        <Icon className="size-5" aria-hidden />
      </span>
      <span className="min-w-0 flex-1">
        <span className="flex items-center gap-1 text-sm font-semibold text-zinc-900">
          {title}
          <ArrowRight className="size-4 text-zinc-400 transition group-hover:translate-x-0.5 group-hover:text-indigo-600" aria-hidden />
        </span>
        <span className="mt-0.5 block text-sm text-zinc-500">{description}</span>
      </span>
    </Link>
  );
}

export function DashboardPage() {
  const workspace = useCurrentWorkspace();
  const { data: me } = useMe();
  const base = `/w/${workspace.id}`;
  const firstName = me?.user.name.split(" ")[0] ?? "";

  return (
    <>
      <title>{`Dashboard · ${workspace.name} · TeamFlow`}</title>
      <div className="mb-8">
        <p className="text-sm font-medium text-indigo-600">{workspace.name}</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-zinc-900">
          {greeting(me?.user.timezone)}, {firstName}
        </h1>
        <p className="mt-1 text-sm text-zinc-500">
          You're {roleArticle(workspace.role)}{" "}
          <Badge tone="indigo" className="align-middle">
            {ROLE_LABEL[workspace.role]}
          </Badge>{" "}
          in this workspace.
        </p>
      </div>

      <WorkspaceProgress />

      <section aria-labelledby="quick-links">
        <h2 id="quick-links" className="mb-3 text-sm font-semibold text-zinc-900">
          Get started
        </h2>
        <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <QuickLink
            to={`${base}/settings/members`}
            icon={UserPlus}
            title={can(workspace, "member:manage") ? "Invite your team" : "See your team"}
            description={can(workspace, "member:manage") ? "Send invitation links and set roles." : "Who is in this workspace and their roles."}
          />
          <QuickLink to={`${base}/settings/workspace`} icon={Building2} title="Workspace settings" description="Name and ownership of this workspace." />
          <QuickLink to="/profile#api-tokens" icon={KeyRound} title="API tokens" description="Personal tokens for scripts and integrations." />
        </div>
      </section>

      {/* Every module is built today; the list comes back when a new one is announced before it ships. */}
      {MODULES.some((m) => !m.ready) ? (
      <section aria-labelledby="modules" className="mt-10">
        <h2 id="modules" className="mb-3 text-sm font-semibold text-zinc-900">
          Coming to this workspace
        </h2>
        <ul className="grid gap-3 sm:grid-cols-2">
          {MODULES.filter((m) => !m.ready).map((m) => (
            <li key={m.key}>
              <Link
                to={`${base}/${m.path}`}
                className="flex h-full items-start gap-3 rounded-xl border border-dashed border-zinc-300 bg-white/60 p-4 transition hover:border-indigo-300 hover:bg-white"
              >
                <m.icon className="mt-0.5 size-5 shrink-0 text-zinc-400" aria-hidden />
                <span>
                  <span className="flex items-center gap-2 text-sm font-semibold text-zinc-800">
                    {m.label}
                    <Badge>Soon</Badge>
                  </span>
                  <span className="mt-0.5 block text-sm text-zinc-500">{m.summary}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      ) : null}
    </>
  );
}
