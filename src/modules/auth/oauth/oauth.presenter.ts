import type { UserIdentity } from "../../../generated/prisma/client";
import type { ProviderId } from "./oauth.providers";

export const presentIdentity = (i: UserIdentity, providerName: string) => ({
  id: i.id,
  provider: i.provider as ProviderId,
  providerName,
  email: i.email,
  emailVerified: i.emailVerified,
  createdAt: i.createdAt.toISOString(),
  lastUsedAt: i.lastUsedAt.toISOString(),
});
