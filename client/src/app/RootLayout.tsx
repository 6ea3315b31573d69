import { Suspense } from "react";
import { Outlet } from "react-router-dom";
import { SessionProvider } from "../lib/session";
import { FullPageSpinner } from "../components/ui/Spinner";
import { RealtimeProvider } from "../features/realtime/RealtimeProvider";

/** Every route sits under the session: nothing renders before it is known. */
export function RootLayout() {
  return (
    <SessionProvider>
      <RealtimeProvider>
        <Suspense fallback={<FullPageSpinner />}>
          <Outlet />
        </Suspense>
      </RealtimeProvider>
    </SessionProvider>
  );
}
