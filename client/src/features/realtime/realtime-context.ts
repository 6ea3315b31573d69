import { createContext, useCallback, useContext, useEffect, useSyncExternalStore } from "react";
import type { ConnectionState, PresenceUser, RealtimeClient } from "../../lib/realtime";

export const RealtimeContext = createContext<RealtimeClient | null>(null);

export function useRealtime(): RealtimeClient | null {
  return useContext(RealtimeContext);
}

/** connected / connecting / reconnecting / offline ("connecting" when there is no socket yet). */
export function useConnectionState(): ConnectionState {
  const rt = useRealtime();
  const subscribe = useCallback((cb: () => void) => (rt ? rt.onState(cb) : () => undefined), [rt]);
  return useSyncExternalStore(subscribe, () => rt?.state ?? "connecting");
}

const NOBODY: PresenceUser[] = [];

/** Joins `room` while mounted (null: none) and returns who is in it. */
export function usePresence(room: string | null): PresenceUser[] {
  const rt = useRealtime();

  useEffect(() => {
    if (!rt || !room) return;
    return rt.join(room);
  }, [rt, room]);

  const subscribe = useCallback(
    (cb: () => void) => (rt && room ? rt.onPresence((r) => r === room && cb()) : () => undefined),
    [rt, room],
  );
  return useSyncExternalStore(subscribe, () => (rt && room ? rt.presenceOf(room) : NOBODY));
}
