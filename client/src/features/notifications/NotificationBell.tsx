import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Bell, BellOff, CheckCheck } from "lucide-react";
import { useNavigate } from "react-router-dom";
import { cn } from "../../lib/cn";
import { formatRelative } from "../../lib/format";
import { NOTIFICATION_TYPE_LABEL, useMarkAllRead, useMarkRead, useNotifications, type AppNotification } from "./notifications.api";

function badgeText(count: number): string {
  return count > 9 ? "9+" : String(count);
}

/** The bell with the unread count and a dropdown of the latest notifications. */
export function NotificationBell({ align = "end" }: { align?: "start" | "end" }) {
  const navigate = useNavigate();
  const list = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = list.data?.unreadCount ?? 0;
  const items = list.data?.items ?? [];

  const open = (n: AppNotification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (!n.link) return;
    if (/^https?:\/\//i.test(n.link)) {
      const url = new URL(n.link);
      if (url.origin === window.location.origin) navigate(url.pathname + url.search + url.hash);
      else window.location.assign(n.link);
    } else {
      navigate(n.link);
    }
  };

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        data-testid="notifications-bell"
        aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
        className="relative inline-flex size-9 items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-600 data-[state=open]:bg-zinc-100"
      >
        <Bell className="size-5" aria-hidden />
        {unread > 0 ? (
          <span
            data-testid="notifications-badge"
            aria-hidden
            className="absolute -right-0.5 -top-0.5 inline-flex h-4.5 min-w-4.5 items-center justify-center rounded-full bg-rose-600 px-1 text-[10px] font-semibold leading-none text-white ring-2 ring-white"
          >
            {badgeText(unread)}
          </span>
        ) : null}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align={align}
          sideOffset={6}
          collisionPadding={8}
          className="z-50 w-[22rem] max-w-[calc(100vw-1rem)] rounded-xl bg-white shadow-lg ring-1 ring-zinc-900/10 focus:outline-none"
        >
          <div className="flex items-center justify-between border-b border-zinc-100 px-3 py-2.5">
            <DropdownMenu.Label className="text-sm font-semibold text-zinc-900">Notifications</DropdownMenu.Label>
            <DropdownMenu.Item
              disabled={unread === 0}
              onSelect={(e) => {
                e.preventDefault();
                markAll.mutate();
              }}
              className="flex cursor-default select-none items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-indigo-700 outline-none data-[highlighted]:bg-indigo-50 data-[disabled]:text-zinc-400"
            >
              <CheckCheck className="size-3.5" aria-hidden />
              Mark all read
            </DropdownMenu.Item>
          </div>
          <div className="max-h-[26rem] overflow-y-auto p-1">
            {list.isPending ? (
              <p className="px-3 py-6 text-center text-sm text-zinc-500">Loading…</p>
            ) : list.isError ? (
              <p className="px-3 py-6 text-center text-sm text-zinc-500">Couldn’t load notifications.</p>
            ) : items.length === 0 ? (
              <div className="flex flex-col items-center gap-2 px-3 py-8 text-center">
                <BellOff className="size-6 text-zinc-300" aria-hidden />
                <p className="text-sm font-medium text-zinc-700">You’re all caught up</p>
                <p className="text-xs text-zinc-500">New notifications will show up here.</p>
              </div>
            ) : (
              items.map((n) => (
                <DropdownMenu.Item
                  key={n.id}
                  onSelect={() => open(n)}
                  className="flex cursor-default select-none gap-3 rounded-lg px-2.5 py-2.5 outline-none data-[highlighted]:bg-zinc-100"
                >
                  <span
                    className={cn("mt-1.5 size-2 shrink-0 rounded-full", n.readAt ? "bg-transparent" : "bg-indigo-600")}
                    aria-label={n.readAt ? undefined : "Unread"}
                    role={n.readAt ? undefined : "img"}
                  />
                  <span className="min-w-0 flex-1">
                    <span className={cn("block text-sm", n.readAt ? "text-zinc-600" : "font-medium text-zinc-900")}>{n.title}</span>
                    {n.body ? <span className="mt-0.5 line-clamp-2 block text-xs text-zinc-500">{n.body}</span> : null}
                    <span className="mt-1 block text-[11px] text-zinc-400">
                      {NOTIFICATION_TYPE_LABEL[n.type]?.label ? `${NOTIFICATION_TYPE_LABEL[n.type].label} · ` : null}
                      <time dateTime={n.createdAt} title={new Date(n.createdAt).toLocaleString()}>
                        {formatRelative(n.createdAt)}
                      </time>
                    </span>
                  </span>
                </DropdownMenu.Item>
              ))
            )}
          </div>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
