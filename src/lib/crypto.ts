import crypto from "node:crypto";

/** URL-safe random secret of `bytes` bytes of entropy. */
export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString("base64url");

/** Tokens we hand out (refresh, invitation, API) are stored only as this hash. */
export const sha256 = (value: string) => crypto.createHash("sha256").update(value).digest("hex");
