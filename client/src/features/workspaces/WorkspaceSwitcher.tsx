import { Check, ChevronsUpDown, Plus } from "lucide-react";
import { useState } from "react";
import { useNavigate } from "react-router-dom";
import { MenuContent, MenuItem, MenuLabel, MenuRoot, MenuSeparator, MenuTrigger } from "../../components/ui/Menu";
import { ROLE_LABEL } from "../../lib/roles";
import type { WorkspaceSummary } from "../../lib/types";
import { CreateWorkspaceDialog } from "./CreateWorkspaceForm";

function WorkspaceMark({ name }: { name: string }) {
  return (
    <span aria-hidden className="flex size-8 shrink-0 items-center justify-center rounded-lg bg-indigo-600 text-sm font-semibold text-white">
      {name.trim().charAt(0).toUpperCase() || "W"}
    </span>
  );
}

/** Dropdown listing the user's workspaces, plus "Create workspace". */
export function WorkspaceSwitcher({ current, workspaces, onNavigate }: { current: WorkspaceSummary | null; workspaces: WorkspaceSummary[]; onNavigate?: () => void }) {
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  return (
    <>
      <MenuRoot>
        <MenuTrigger
          data-testid="workspace-switcher"
          className="flex w-full items-center gap-3 rounded-xl px-2 py-2 text-left hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600 data-[state=open]:bg-zinc-100"
        >
          {current ? <WorkspaceMark name={current.name} /> : <WorkspaceMark name="?" />}
          <span className="min-w-0 flex-1">
            {/* The name comes from the visible text (WCAG 2.5.3), with what the button does for screen readers. */}
            <span className="block truncate text-sm font-semibold text-zinc-900">
              {current ? <span className="sr-only">Current workspace: </span> : null}
              {current?.name ?? "Choose a workspace"}
              {current ? <span className="sr-only">. Switch workspace</span> : null}
            </span>
            {current ? <span className="block text-xs text-zinc-500">{ROLE_LABEL[current.role]}</span> : null}
          </span>
          <ChevronsUpDown className="size-4 shrink-0 text-zinc-400" aria-hidden />
        </MenuTrigger>
        <MenuContent align="start" className="w-[var(--radix-dropdown-menu-trigger-width)] min-w-64">
          <MenuLabel>Workspaces</MenuLabel>
          {workspaces.map((w) => (
            <MenuItem
              key={w.id}
              onSelect={() => {
                onNavigate?.();
                navigate(`/w/${w.id}`);
              }}
            >
              <WorkspaceMark name={w.name} />
              <span className="min-w-0 flex-1">
                <span className="block truncate font-medium text-zinc-900">{w.name}</span>
                <span className="block text-xs text-zinc-500">{ROLE_LABEL[w.role]}</span>
              </span>
              {w.id === current?.id ? <Check className="size-4 text-indigo-600" aria-label="Current" /> : null}
            </MenuItem>
          ))}
          <MenuSeparator />
          <MenuItem onSelect={() => setCreating(true)}>
            <span className="flex size-8 items-center justify-center rounded-lg border border-dashed border-zinc-300 text-zinc-500">
              <Plus className="size-4" aria-hidden />
            </span>
            Create workspace
          </MenuItem>
        </MenuContent>
      </MenuRoot>
      <CreateWorkspaceDialog
        open={creating}
        onOpenChange={(open) => {
          setCreating(open);
          if (!open) onNavigate?.();
        }}
      />
    </>
  );
}
