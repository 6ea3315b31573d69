import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { api, ApiError, refreshAccessToken, setAccessToken, setRefreshWaitHandler, setSessionExpiredHandler } from "./api";
import type { AuthResult, Me } from "./types";
import { FullPageSpinner } from "../components/ui/Spinner";

/**
 * The signed-in state of the app. The access token lives in memory (lib/api);
 * the user and their workspaces live in the query cache under `meQueryKey`.
 */

export const meQueryKey = ["me"] as const;

export const fetchMe = () => api.get("/auth/me");

type Status = "loading" | "signed-in" | "signed-out";
/** Why the user is signed out: decides whether sign-in should come back here. */
type SignedOutReason = "initial" | "signed-out" | "expired";

interface SessionValue {
  status: Status;
  reason: SignedOutReason;
  /** Stores the tokens of a login/register answer and loads the user. */
  signIn: (result: AuthResult) => Promise<Me>;
  /** Ends the session here and goes to `to` (the sign-in page by default). */
  signOut: (to?: string) => Promise<void>;
  signOutEverywhere: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

// One bootstrap per page load, shared by StrictMode's double effects: the
// refresh cookie is rotated on use, so it must not be spent twice.
let bootstrap: Promise<Me | null> | null = null;
/** Where the bootstrap says why it is still waiting (null: not waiting on anything unusual). */
let bootstrapNotice: ((notice: string | null) => void) | null = null;

const BOOTSTRAP_MAX_WAIT_MS = 30_000;

/** What the loading screen says while the server cannot sign us in yet. */
function waitingNotice(error: unknown, seconds: number): string {
  const busy = error instanceof ApiError && error.code === "RATE_LIMITED";
  return `${busy ? "The server is busy" : "Can't reach the server"}. Trying again in ${seconds} s…`;
}

/**
 * Signs in from the refresh cookie at page load. Only a 401 means signed out:
 * a rate limit, a 5xx or no network keeps the loading screen up and tries
 * again (the refresh itself already honours Retry-After; this waits between
 * its rounds), so the user lands on their page once the server answers.
 */
function bootstrapSession(queryClient: QueryClient): Promise<Me | null> {
  bootstrap ??= (async () => {
    for (let round = 1; ; round++) {
      try {
        const token = await refreshAccessToken();
        if (!token) return null;
        const me = await queryClient.fetchQuery({ queryKey: meQueryKey, queryFn: fetchMe });
        bootstrapNotice?.(null);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          setAccessToken(null);
          return null;
        }
        const retryAfter = error instanceof ApiError ? error.retryAfter : null;
        const wait = Math.min(retryAfter !== null ? retryAfter * 1000 : 1000 * 2 ** Math.min(round - 1, 5), BOOTSTRAP_MAX_WAIT_MS);
        bootstrapNotice?.(waitingNotice(error, Math.max(1, Math.round(wait / 1000))));
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  })();
  return bootstrap;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [status, setStatus] = useState<Status>("loading");
  const [reason, setReason] = useState<SignedOutReason>("initial");
  const statusRef = useRef(status);
  useEffect(() => {
    statusRef.current = status;
  }, [status]);

  // Clearing after the signed-in screens unmount keeps their queries from
  // refetching (and failing) against an emptied cache.
  const endSession = useCallback(
    (why: SignedOutReason) => {
      setAccessToken(null);
      setReason(why);
      setStatus("signed-out");
      setTimeout(() => queryClient.clear(), 0);
    },
    [queryClient],
  );

  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    bootstrapNotice = setNotice;
    // The refresh's own waits (Retry-After, backoff) show on the loading screen too.
    setRefreshWaitHandler((wait) => {
      if (statusRef.current === "loading") setNotice(wait && waitingNotice(wait.error, wait.seconds));
    });
    void bootstrapSession(queryClient).then((me) => {
      if (cancelled) return;
      setStatus(me ? "signed-in" : "signed-out");
    });
    return () => {
      cancelled = true;
      if (bootstrapNotice === setNotice) bootstrapNotice = null;
      setRefreshWaitHandler(null);
    };
  }, [queryClient]);

  useEffect(() => {
    setSessionExpiredHandler(() => {
      if (statusRef.current !== "signed-in") return;
      const here = window.location.pathname + window.location.search;
      endSession("expired");
      navigate(`/sign-in?next=${encodeURIComponent(here)}`, { replace: true });
    });
    return () => setSessionExpiredHandler(null);
  }, [endSession, navigate]);

  const signIn = useCallback(
    async (result: AuthResult) => {
      queryClient.clear();
      setAccessToken(result.accessToken);
      const me = await queryClient.fetchQuery({ queryKey: meQueryKey, queryFn: fetchMe });
      setStatus("signed-in");
      return me;
    },
    [queryClient],
  );

  const signOut = useCallback(async (to = "/sign-in") => {
    try {
      await api.post("/auth/logout");
    } catch {
      // The local session ends regardless; the server session expires on its own.
    }
    endSession("signed-out");
    navigate(to, { replace: true });
  }, [endSession, navigate]);

  const signOutEverywhere = useCallback(async () => {
    await api.post("/auth/logout-all");
    endSession("signed-out");
    navigate("/sign-in", { replace: true });
  }, [endSession, navigate]);

  const value = useMemo(
    () => ({ status, reason, signIn, signOut, signOutEverywhere }),
    [status, reason, signIn, signOut, signOutEverywhere],
  );

  if (status === "loading") return <FullPageSpinner label={notice ?? "Loading TeamFlow…"} />;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error("useSession must be used inside <SessionProvider>");
  return ctx;
}

/** The signed-in user and their workspaces (only inside signed-in routes). */
export function useMe() {
  const { status } = useSession();
  return useQuery({ queryKey: meQueryKey, queryFn: fetchMe, enabled: status === "signed-in" });
}
