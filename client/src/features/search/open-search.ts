import { useEffect, useRef } from "react";

// The search dialog is mounted once per workspace (WorkspaceLayout), while its
// buttons live in the app's header, above the workspace routes. A window event
// connects the two without lifting the dialog's state into the shell.

const OPEN_SEARCH = "teamflow:open-search";

export function openSearch(): void {
  window.dispatchEvent(new Event(OPEN_SEARCH));
}

export function useOpenSearchRequests(onOpen: () => void): void {
  const latest = useRef(onOpen);
  useEffect(() => {
    latest.current = onOpen;
  });
  useEffect(() => {
    const listener = () => latest.current();
    window.addEventListener(OPEN_SEARCH, listener);
    return () => window.removeEventListener(OPEN_SEARCH, listener);
  }, []);
}
