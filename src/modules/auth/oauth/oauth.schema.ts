import { z } from "../../../lib/zod";
import { PROVIDER_IDS } from "./oauth.providers";

export const providerParams = z.object({ provider: z.enum(PROVIDER_IDS) }).strict();

export const signInProvider = z.object({ id: z.enum(PROVIDER_IDS), name: z.string() });

export const startQuery = z
  .object({
    /** Same-origin path to land on after signing in, e.g. /invite/<token>. */
    next: z.string().max(2000).optional(),
    /** A connect ticket from POST /auth/oauth/{provider}/connect. */
    connect: z.string().max(2000).optional(),
  })
  .strict();

/** Whatever the provider appends (code, state, iss, scope, session_state…): read by the strategy itself. */
export const callbackQuery = z
  .object({
    code: z.string().max(4000).optional(),
    state: z.string().max(2000).optional(),
    error: z.string().max(200).optional(),
    error_description: z.string().max(2000).optional(),
  })
  .catchall(z.union([z.string().max(4000), z.array(z.string().max(4000)).max(10)]));

export const connectStart = z.object({ url: z.string() });

export const identity = z.object({
  id: z.uuid(),
  provider: z.enum(PROVIDER_IDS),
  providerName: z.string(),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
});

export const identitiesResult = z.object({
  identities: z.array(identity),
  /** Whether the account also signs in with a password (else the last connected account cannot be removed). */
  hasPassword: z.boolean(),
});
