import { email, text, uuid, z } from "../../lib/zod";
import { PASSWORD_MIN_LENGTH } from "./password";

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export { email };

export const personName = text.trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
export const timezone = text.max(64).refine(isTimeZone, "must be an IANA time zone such as Europe/Berlin");
const password = text.min(1, "is required").max(200, "must be at most 200 characters").openapi({ minLength: PASSWORD_MIN_LENGTH });

export const registerBody = z
  .object({ email, password, name: personName })
  .strict()
  .openapi("RegisterRequest");

export const loginBody = z
  .object({ email: text.trim().max(254).transform((v) => v.toLowerCase()), password: text.max(200) })
  .strict()
  .openapi("LoginRequest");

export const changePasswordBody = z
  .object({
    currentPassword: text.min(1).max(200).optional().openapi({ description: "Required when the account has a password; an account made through a sign-in provider sets its first one without it" }),
    newPassword: password,
  })
  .strict()
  .openapi("ChangePasswordRequest");

export const updateMeBody = z
  .object({ name: personName.optional(), timezone: timezone.optional() })
  .strict()
  .refine((b) => b.name !== undefined || b.timezone !== undefined, "send at least one of name, timezone")
  .openapi("UpdateProfileRequest");

export const user = z
  .object({ id: uuid, email: z.string(), name: z.string(), timezone: z.string(), createdAt: z.string() })
  .openapi("User");

export const authResult = z
  .object({ user, accessToken: z.string(), expiresIn: z.number().int().openapi({ description: "Seconds until the access token expires" }) })
  .openapi("AuthResult");

export const refreshResult = z.object({ accessToken: z.string(), expiresIn: z.number().int() }).openapi("RefreshResult");

export const meResult = z
  .object({
    user,
    workspaces: z.array(
      z.object({
        id: uuid,
        name: z.string(),
        slug: z.string(),
        role: z.enum(["OWNER", "ADMIN", "MEMBER", "VIEWER"]),
        permissions: z.array(z.string()).openapi({ description: "The permission keys the user's role grants in this workspace, e.g. task:update" }),
      }),
    ),
  })
  .openapi("Me");

export const tokenScope = z.enum(["read", "read-write"]);

export const createTokenBody = z
  .object({
    name: text.trim().min(1, "must not be empty").max(100),
    scope: tokenScope,
    expiresInDays: z.number().int().min(1).max(365).optional(),
  })
  .strict()
  .openapi("CreateApiTokenRequest");

export const apiToken = z
  .object({
    id: uuid,
    name: z.string(),
    prefix: z.string(),
    scope: tokenScope,
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
  })
  .openapi("ApiToken");

export const createdApiToken = apiToken.extend({ token: z.string().openapi({ description: "The secret; shown only in this response" }) }).openapi("CreatedApiToken");
