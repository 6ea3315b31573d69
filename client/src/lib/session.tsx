import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { api, refreshAccessToken, setAccessToken, setSessionExpiredHandler } from "./api";
import type { AuthResult, Me } from "./types";
import { FullPageSpinner } from "../components/ui/Spinner";

/**
 * The signed-in state of the app. The access token lives in memory (lib/api);
 * the user and their workspaces live in the query cache under `meQueryKey`.
 */

export const meQueryKey = ["me"] as const;

export const fetchMe = () => api.get<Me>("/auth/me");

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

function bootstrapSession(queryClient: QueryClient): Promise<Me | null> {
  bootstrap ??= (async () => {
    const token = await refreshAccessToken();
    if (!token) return null;
    try {
      return await queryClient.fetchQuery({ queryKey: meQueryKey, queryFn: fetchMe });
    } catch {
      setAccessToken(null);
      return null;
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

  useEffect(() => {
    let cancelled = false;
    void bootstrapSession(queryClient).then((me) => {
      if (cancelled) return;
      setStatus(me ? "signed-in" : "signed-out");
    });
    return () => {
      cancelled = true;
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

  if (status === "loading") return <FullPageSpinner label="Loading TeamFlow…" />;
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
