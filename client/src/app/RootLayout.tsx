import { Suspense } from "react";
import { Outlet } from "react-router-dom";
import { SessionProvider } from "../lib/session";
import { FullPageSpinner } from "../components/ui/Spinner";

/** Every route sits under the session: nothing renders before it is known. */
export function RootLayout() {
  return (
    <SessionProvider>
      <Suspense fallback={<FullPageSpinner />}>
        <Outlet />
      </Suspense>
    </SessionProvider>
  );
}
