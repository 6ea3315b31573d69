import jwt from "jsonwebtoken";
import { randomToken, sha256 } from "../../lib/crypto";

export interface AccessClaims {
  sub: string;
  sid: string;
}

const ISSUER = "teamflow";
const AUDIENCE = "teamflow-api";

/** Short-lived access JWT (Bearer); `sid` is the refresh-token family, so revoking it ends the session. */
export function signAccessToken(claims: AccessClaims, secret: string, ttlSeconds: number): string {
  return jwt.sign({ sid: claims.sid, typ: "access" }, secret, {
    subject: claims.sub,
    expiresIn: ttlSeconds,
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithm: "HS256",
  });
}

export const jwtVerifyOptions = { issuer: ISSUER, audience: AUDIENCE, algorithms: ["HS256" as const] };

export const API_TOKEN_PREFIX = "tf_";

/** A personal API token: shown once, stored as its hash. */
export function newApiToken() {
  const token = `${API_TOKEN_PREFIX}${randomToken(32)}`;
  return { token, hash: sha256(token), prefix: token.slice(0, 10) };
}

export function newRefreshToken() {
  const token = randomToken(32);
  return { token, hash: sha256(token) };
}
