import { ArrowRight, Check, Sparkles } from "lucide-react";
import { Link } from "react-router-dom";
import { Badge } from "../components/ui/Badge";
import { PageHeader } from "../components/ui/Card";
import { useCurrentWorkspace } from "../features/workspaces/WorkspaceContext";
import { MODULES, type ModuleInfo } from "./modules";

/** Placeholder for a module that is not built yet: says what it will do. */
export function ComingSoonPage({ module }: { module: ModuleInfo["key"] }) {
  const workspace = useCurrentWorkspace();
  const info = MODULES.find((m) => m.key === module)!;
  const Icon = info.icon;

  return (
    <>
      <title>{`${info.label} · ${workspace.name} · TeamFlow`}</title>
      <PageHeader title={info.label} description={info.summary} />
      <section className="overflow-hidden rounded-2xl bg-white shadow-xs ring-1 ring-zinc-200">
        <div className="flex flex-col gap-6 p-6 sm:flex-row sm:p-8">
          <div className="flex size-14 shrink-0 items-center justify-center rounded-2xl bg-indigo-50 text-indigo-600">
            <Icon className="size-7" aria-hidden />
          </div>
          <div className="min-w-0 flex-1">
            <Badge tone="indigo">
              <Sparkles className="size-3" aria-hidden />
              Coming soon
            </Badge>
            <h2 className="mt-3 text-lg font-semibold text-zinc-900">{info.label} is on its way</h2>
            <p className="mt-1 text-sm text-zinc-600">
              This module is not available in your TeamFlow install yet. When it ships, it will give you:
            </p>
            <ul className="mt-4 space-y-2">
              {info.features.map((feature) => (
                <li key={feature} className="flex gap-2 text-sm text-zinc-700">
                  <Check className="mt-0.5 size-4 shrink-0 text-indigo-600" aria-hidden />
                  {feature}
                </li>
              ))}
            </ul>
          </div>
        </div>
        <div className="flex flex-col gap-2 border-t border-zinc-100 bg-zinc-50/70 px-6 py-4 text-sm text-zinc-600 sm:flex-row sm:items-center sm:justify-between sm:px-8">
          <span>Meanwhile, get your team ready.</span>
          <Link to={`/w/${workspace.id}/settings/members`} className="inline-flex items-center gap-1 font-medium text-indigo-600 hover:text-indigo-500">
            Invite your teammates
            <ArrowRight className="size-4" aria-hidden />
          </Link>
        </div>
      </section>
    </>
  );
}
