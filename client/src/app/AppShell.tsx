import * as RadixDialog from "@radix-ui/react-dialog";
import { Menu, X } from "lucide-react";
import { Suspense, useState } from "react";
import { Outlet, useLocation, useParams } from "react-router-dom";
import { cn } from "../lib/cn";
import { ErrorState } from "../components/ui/ErrorState";
import { FullPageSpinner, PageSpinner } from "../components/ui/Spinner";
import { IconButton } from "../components/ui/Button";
import { getLastWorkspace } from "../lib/last-workspace";
import { useMe } from "../lib/session";
import { NotificationBell } from "../features/notifications/NotificationBell";
import { ConnectionBanner } from "../features/realtime/ConnectionBanner";
import { PresenceAvatars } from "../features/realtime/PresenceAvatars";
import { SearchButton } from "../features/search/SearchButton";
import { Logo } from "./Logo";
import { Sidebar } from "./Sidebar";

/** Board, list, sprints and the bookings calendar use the whole width: five kanban columns (or a month of days) do not fit in a reading column. */
const WIDE_PAGES = /^\/w\/[^/]+\/(projects\/[^/]+|bookings|jobs\/[^/]+)/;

/** Signed-in layout: sidebar on desktop, top bar + slide-over menu on phones. */
export function AppShell() {
  const wide = WIDE_PAGES.test(useLocation().pathname);
  const me = useMe();
  const { workspaceId } = useParams();
  const [menuOpen, setMenuOpen] = useState(false);

  if (me.isPending) return <FullPageSpinner />;
  if (me.isError) {
    return (
      <div className="flex min-h-dvh items-center justify-center">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </div>
    );
  }

  // Outside a workspace (profile page) the sidebar still points at the last one.
  const wanted = workspaceId ?? getLastWorkspace();
  const workspace =
    me.data.workspaces.find((w) => w.id === wanted) ?? (workspaceId ? null : (me.data.workspaces[0] ?? null));
  const closeMenu = () => setMenuOpen(false);
  // Presence only inside a workspace the user belongs to (not on the profile page).
  const presenceId = workspaceId && workspace?.id === workspaceId ? workspaceId : null;

  return (
    <div className="min-h-dvh">
      <ConnectionBanner />
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>

      <aside className="fixed inset-y-0 left-0 hidden w-64 border-r border-zinc-200 bg-white lg:block">
        <Sidebar me={me.data} workspace={workspace} />
      </aside>

      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-zinc-200 bg-white/90 px-3 backdrop-blur lg:hidden">
        <RadixDialog.Root open={menuOpen} onOpenChange={setMenuOpen}>
          <RadixDialog.Trigger asChild>
            <IconButton label="Open navigation">
              <Menu className="size-5" aria-hidden />
            </IconButton>
          </RadixDialog.Trigger>
          <RadixDialog.Portal>
            <RadixDialog.Overlay className="fixed inset-0 z-40 bg-zinc-950/40 data-[state=open]:animate-[fade-in_150ms_ease-out]" />
            <RadixDialog.Content className="fixed inset-y-0 left-0 z-50 w-72 max-w-[85vw] bg-white shadow-xl focus:outline-none data-[state=open]:animate-[sheet-in_200ms_ease-out]">
              <RadixDialog.Title className="sr-only">Navigation</RadixDialog.Title>
              <RadixDialog.Description className="sr-only">Workspace switcher, modules and account</RadixDialog.Description>
              <div className="flex h-14 items-center justify-between border-b border-zinc-100 px-4">
                <Logo />
                <RadixDialog.Close asChild>
                  <IconButton label="Close navigation">
                    <X className="size-5" aria-hidden />
                  </IconButton>
                </RadixDialog.Close>
              </div>
              <div className="h-[calc(100%-3.5rem)]">
                <Sidebar me={me.data} workspace={workspace} onNavigate={closeMenu} />
              </div>
            </RadixDialog.Content>
          </RadixDialog.Portal>
        </RadixDialog.Root>
        <Logo />
        {workspace ? <span className="min-w-0 flex-1 truncate text-sm text-zinc-500">/ {workspace.name}</span> : <span className="flex-1" />}
        {presenceId ? <PresenceAvatars workspaceId={presenceId} compact /> : null}
        {presenceId ? <SearchButton compact /> : null}
        <NotificationBell />
      </header>

      <div data-testid="topbar" className="sticky top-0 z-30 hidden h-14 items-center justify-end gap-4 border-b border-zinc-200 bg-white/90 px-10 backdrop-blur lg:ml-64 lg:flex">
        {workspace ? <span className="mr-auto min-w-0 truncate text-sm font-medium text-zinc-700">{workspace.name}</span> : null}
        {/* The search dialog itself is mounted by WorkspaceLayout. */}
        {presenceId ? <SearchButton /> : null}
        {presenceId ? <PresenceAvatars workspaceId={presenceId} /> : null}
        <NotificationBell />
      </div>

      <main id="main" tabIndex={-1} className="focus:outline-none lg:pl-64">
        <div className={cn("mx-auto px-4 py-6 sm:px-6 lg:px-10 lg:py-10", wide ? "max-w-screen-2xl" : "max-w-5xl")}>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </div>
      </main>
    </div>
  );
}
