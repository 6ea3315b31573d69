import { text, z } from "../../../lib/zod";
import { PROVIDER_IDS } from "./oauth.providers";

/** Any provider id: an unknown or unconfigured one is 404 (or, for the browser routes, a message on the sign-in page). */
export const providerParams = z.object({ provider: z.string().regex(/^[a-z0-9-]{1,64}$/, "must be a provider id (google, microsoft, github, oidc)") }).strict();

export const signInProvider = z.object({ id: z.enum(PROVIDER_IDS), name: z.string() });

export const startQuery = z
  .object({
    /** Same-origin path to land on after signing in, e.g. /invite/<token>. */
    next: text.pipe(z.string().max(2000)).optional(),
    /** A connect ticket from POST /auth/oauth/{provider}/connect. */
    connect: text.pipe(z.string().max(2000)).optional(),
  })
  .strict();

const param = (max: number) => text.pipe(z.string().max(max)).optional();

/**
 * What providers append to the redirect: the OAuth 2 parameters, RFC 9207's `iss`, and the
 * extras Google (scope, authuser, hd, prompt), Entra ID and Keycloak (session_state) send.
 * Anything else is dropped, not refused: identity servers add their own parameters (ADFS's
 * client-request-id, for one), and a refusal here would be a JSON page instead of a sign-in.
 */
export const callbackQuery = z
  .object({
    code: param(4000),
    state: param(2000),
    error: param(200),
    error_description: param(2000),
    error_uri: param(2000),
    iss: param(2000),
    scope: param(2000),
    session_state: param(2000),
    authuser: param(20),
    hd: param(300),
    prompt: param(100),
  })
  .strip();

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
