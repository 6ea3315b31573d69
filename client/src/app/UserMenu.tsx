import { ChevronsUpDown, KeyRound, LogOut, UserRound } from "lucide-react";
import { useNavigate } from "react-router-dom";
import { Avatar } from "../components/ui/Avatar";
import { MenuContent, MenuItem, MenuLabel, MenuRoot, MenuSeparator, MenuTrigger } from "../components/ui/Menu";
import { useSession } from "../lib/session";
import type { User } from "../lib/types";

export function UserMenu({ user, onNavigate }: { user: User; onNavigate?: () => void }) {
  const navigate = useNavigate();
  const { signOut } = useSession();
  const go = (to: string) => {
    onNavigate?.();
    navigate(to);
  };

  return (
    <MenuRoot>
      <MenuTrigger
        data-testid="user-menu"
        className="flex w-full items-center gap-3 rounded-xl px-2 py-2 text-left hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-indigo-600 data-[state=open]:bg-zinc-100"
      >
        <Avatar name={user.name} seed={user.id} />
        <span className="min-w-0 flex-1">
          <span className="block truncate text-sm font-medium text-zinc-900">
            <span className="sr-only">Account menu for </span>
            {user.name}
          </span>
          <span className="block truncate text-xs text-zinc-500">{user.email}</span>
        </span>
        <ChevronsUpDown className="size-4 shrink-0 text-zinc-400" aria-hidden />
      </MenuTrigger>
      <MenuContent side="top" align="start" className="min-w-60">
        <MenuLabel className="truncate">{user.email}</MenuLabel>
        <MenuItem onSelect={() => go("/profile")}>
          <UserRound className="size-4" aria-hidden />
          Profile
        </MenuItem>
        <MenuItem onSelect={() => go("/profile#api-tokens")}>
          <KeyRound className="size-4" aria-hidden />
          API tokens
        </MenuItem>
        <MenuSeparator />
        <MenuItem onSelect={() => void signOut()}>
          <LogOut className="size-4" aria-hidden />
          Sign out
        </MenuItem>
      </MenuContent>
    </MenuRoot>
  );
}
