import { Navigate, Outlet, useLocation, useSearchParams } from "react-router-dom";
import { useSession } from "../../lib/session";
import { safeNext } from "../../lib/safe-next";

/** Signed-in routes: anyone else goes to sign-in and comes back afterwards. */
export function RequireAuth() {
  const { status, reason } = useSession();
  const location = useLocation();
  if (status !== "signed-in") {
    const here = location.pathname + location.search;
    // After an explicit sign-out there is nothing to come back to.
    const to = reason === "signed-out" || here === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  return <Outlet />;
}

/** Sign-in and register: a signed-in user continues where they were going. */
export function GuestOnly() {
  const { status } = useSession();
  const [params] = useSearchParams();
  if (status === "signed-in") return <Navigate to={safeNext(params.get("next"))} replace />;
  return <Outlet />;
}
