import { Building2, Sparkles, Users, Webhook } from "lucide-react";
import { NavLink } from "react-router-dom";
import { cn } from "../lib/cn";
import type { Me, WorkspaceSummary } from "../lib/types";
import { WorkspaceSwitcher } from "../features/workspaces/WorkspaceSwitcher";
import { Logo } from "./Logo";
import { useMyArtist } from "../features/artists/artists.api";
import { BOOKINGS_PAGES, MODULES } from "./modules";
import { UserMenu } from "./UserMenu";

const linkClasses = ({ isActive }: { isActive: boolean }) =>
  cn(
    "group flex items-center gap-3 rounded-lg px-2.5 py-2 text-sm font-medium transition-colors",
    "focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-indigo-600",
    isActive ? "bg-indigo-50 text-indigo-700" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900",
  );

/** Sidebar content; used fixed on desktop and inside a sheet on phones. */
export function Sidebar({ me, workspace, onNavigate }: { me: Me; workspace: WorkspaceSummary | null; onNavigate?: () => void }) {
  const base = workspace ? `/w/${workspace.id}` : null;
  // My bookings is for a member linked to an artist of this workspace.
  const myArtist = useMyArtist(workspace?.id ?? "", me.user.id);
  const subPages = BOOKINGS_PAGES.filter((p) => !p.artistsOnly || !!myArtist.data);
  return (
    <div className="flex h-full flex-col">
      <div className="hidden px-4 pb-2 pt-5 lg:block">
        <Logo />
      </div>
      <div className="px-2 pt-3 lg:pt-1">
        <WorkspaceSwitcher current={workspace} workspaces={me.workspaces} onNavigate={onNavigate} />
      </div>

      <nav aria-label="Main" className="mt-4 flex-1 space-y-6 overflow-y-auto px-3 pb-4">
        {base ? (
          <>
            <ul className="space-y-0.5">
              {MODULES.map((m) => (
                <li key={m.key}>
                  <NavLink to={m.path ? `${base}/${m.path}` : base} end={!m.path} className={linkClasses} onClick={onNavigate}>
                    <m.icon className="size-4.5 shrink-0" aria-hidden />
                    <span className="flex-1">{m.label}</span>
                    {!m.ready ? (
                      <span className="rounded-full bg-zinc-100 px-1.5 py-px text-[10px] font-medium uppercase tracking-wide text-zinc-500 group-aria-[current=page]:bg-white">
                        Soon
                      </span>
                    ) : null}
                  </NavLink>
                  {m.key === "bookings" ? (
                    <ul className="mt-0.5 space-y-0.5 pl-4" aria-label="Bookings pages">
                      {subPages.map((p) => (
                        <li key={p.key}>
                          <NavLink to={`${base}/${p.path}`} className={linkClasses} onClick={onNavigate}>
                            <p.icon className="size-4 shrink-0" aria-hidden />
                            <span className="flex-1">{p.label}</span>
                          </NavLink>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
            <div>
              <h2 className="px-2.5 pb-1 text-xs font-semibold uppercase tracking-wide text-zinc-400">Settings</h2>
              <ul className="space-y-0.5">
                <li>
                  <NavLink to={`${base}/settings/members`} className={linkClasses} onClick={onNavigate}>
                    <Users className="size-4.5 shrink-0" aria-hidden />
                    Members
                  </NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/settings/workspace`} className={linkClasses} onClick={onNavigate}>
                    <Building2 className="size-4.5 shrink-0" aria-hidden />
                    Workspace
                  </NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/settings/ai`} className={linkClasses} onClick={onNavigate}>
                    <Sparkles className="size-4.5 shrink-0" aria-hidden />
                    AI
                  </NavLink>
                </li>
                <li>
                  <NavLink to={`${base}/settings/webhooks`} className={linkClasses} onClick={onNavigate}>
                    <Webhook className="size-4.5 shrink-0" aria-hidden />
                    Webhooks
                  </NavLink>
                </li>
              </ul>
            </div>
          </>
        ) : (
          <p className="px-2.5 text-sm text-zinc-500">Choose or create a workspace to see its projects.</p>
        )}
      </nav>

      <div className="border-t border-zinc-200 p-2">
        <UserMenu user={me.user} onNavigate={onNavigate} />
      </div>
    </div>
  );
}
