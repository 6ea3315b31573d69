import { Wifi, WifiOff } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { cn } from "../../lib/cn";
import { useConnectionState } from "./realtime-context";

const SHOW_AFTER_MS = 2_000;
const BACK_ONLINE_MS = 2_500;

/** A slim strip at the top while the socket has been down for a moment; "Back online" when it returns. */
export function ConnectionBanner() {
  const state = useConnectionState();
  const down = state === "reconnecting" || state === "offline";
  const [phase, setPhase] = useState<"hidden" | "lost" | "back">("hidden");
  const shownRef = useRef(false);

  useEffect(() => {
    if (down) {
      const t = setTimeout(() => {
        shownRef.current = true;
        setPhase("lost");
      }, SHOW_AFTER_MS);
      return () => clearTimeout(t);
    }
    if (!shownRef.current) return;
    shownRef.current = false;
    setPhase("back");
    const t = setTimeout(() => setPhase("hidden"), BACK_ONLINE_MS);
    return () => clearTimeout(t);
  }, [down]);

  return (
    <div role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 top-0 z-[60] flex justify-center">
      {phase !== "hidden" ? (
        <div
          data-testid="connection-banner"
          className={cn(
            "mt-2 flex items-center gap-2 rounded-full px-3.5 py-1.5 text-xs font-medium shadow-md ring-1",
            phase === "lost" ? "bg-amber-50 text-amber-900 ring-amber-200" : "bg-emerald-50 text-emerald-800 ring-emerald-200",
          )}
        >
          {phase === "lost" ? (
            <>
              <WifiOff className="size-3.5 animate-pulse" aria-hidden />
              Connection lost — reconnecting…
            </>
          ) : (
            <>
              <Wifi className="size-3.5" aria-hidden />
              Back online
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}
