import type { ApiToken, User } from "../../generated/prisma/client";

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
