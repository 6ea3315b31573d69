import type { ApiToken, User, WorkspaceRole } from "../../generated/prisma/client";
import { permissionsOf } from "../../access/permissions";

export const presentUser = (u: Pick<User, "id" | "email" | "name" | "timezone" | "createdAt">) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  timezone: u.timezone,
  createdAt: u.createdAt.toISOString(),
});

export const presentScope = (scope: ApiToken["scope"]) => (scope === "READ" ? "read" : "read-write");

export const presentApiToken = (t: ApiToken) => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  scope: presentScope(t.scope),
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt?.toISOString() ?? null,
});

/** One of my workspaces (GET /auth/me), with what my role there lets me do. */
export const presentMyWorkspace = <W extends { role: WorkspaceRole }>(w: W) => ({ ...w, permissions: permissionsOf(w.role) });
