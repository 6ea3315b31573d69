import { createSecretKey } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { Passport } from "passport";
import { ExtractJwt, Strategy as JwtStrategy } from "passport-jwt";
import { Strategy as LocalStrategy } from "passport-local";
import { forbidden, unauthorized } from "../../lib/errors";
import type { AppContext } from "../../http/context";
import type { AuthContext, AuthMode } from "../../http/route";
import type { User } from "../../generated/prisma/client";
import { authenticateApiToken } from "./api-tokens.service";
import { verifyCredentials } from "./auth.service";
import { API_TOKEN_PREFIX, jwtVerifyOptions } from "./tokens";
import { prepared, sqlOf } from "../../db/client";
import { sessionCache } from "../../cache/sessions";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AccessPayload = { sub: string; sid: string; typ?: string; exp?: number };

/**
 * Access tokens whose signature and claims have been checked, until they expire: the same
 * token string verifies the same way every time, and jsonwebtoken's verify was about 5 % of
 * a request's CPU. Only the check of the JWT itself is remembered; the session behind it is
 * still looked up on every request (the session cache, evicted on revocation).
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { payload: AccessPayload; expiresAt: number }>();
  constructor(private readonly max = 10_000) {}

  get(token: string): AccessPayload | null {
    const entry = this.entries.get(token);
    if (!entry) return null;
    if (entry.expiresAt > Date.now()) return entry.payload;
    this.entries.delete(token);
    return null;
  }

  remember(token: string, payload: AccessPayload): void {
    if (!payload.exp) return; // ours always expire; one that does not is checked every time
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { payload, expiresAt: payload.exp * 1000 });
  }
}

/** The signed-in user of a verified access token whose session family is still live, else false. */
function sessionOf(ctx: AppContext, payload: AccessPayload): Promise<AuthContext | false> {
  if (payload.typ !== "access" || !payload.sid) return Promise.resolve(false);
  if (!UUID.test(payload.sid) || !UUID.test(payload.sub)) return Promise.resolve(false);
  // Every authenticated request runs this: plain SQL (see sqlOf), answered from the session cache for a
  // few seconds; a revocation evicts it at once on every instance (src/cache/sessions.ts).
  return sessionCache(ctx) // made on first use: building the routes (gen-api) must subscribe to nothing
    .get(payload.sid, payload.sub, () =>
      sqlOf(ctx.db)
        .query<{ id: string; email: string }>(
          prepared(
            "SELECT u.id, u.email FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.family_id = $1::uuid AND s.user_id = $2::uuid AND s.revoked_at IS NULL LIMIT 1",
            [payload.sid, payload.sub],
          ),
        )
        .then(({ rows: [user] }) => user ?? null),
    )
    .then((user) => (user ? { userId: user.id, email: user.email, kind: "session", sessionFamilyId: payload.sid, scope: "read-write" } : false));
}

const verifiedTokens = new WeakMap<AppContext, VerifiedTokens>();
function verifiedTokensOf(ctx: AppContext): VerifiedTokens {
  let cache = verifiedTokens.get(ctx);
  if (!cache) verifiedTokens.set(ctx, (cache = new VerifiedTokens()));
  return cache;
}

/**
 * Passport with two strategies: `local` (email + password, with lockout) for
 * sign-in and `jwt` (Bearer access token whose session family is still live).
 * One Passport instance per app, so several apps can live in one process (tests).
 */
export function createPassport(ctx: AppContext) {
  const passport = new Passport();
  passport.use(
    "local",
    new LocalStrategy({ usernameField: "email", passwordField: "password", session: false }, (email, password, done) => {
      verifyCredentials(ctx, email.trim().toLowerCase(), password).then(
        (user) => done(null, user ?? false),
        (err) => done(err),
      );
    }),
  );
  passport.use(
    "jwt",
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        // A KeyObject made once: given a string, jsonwebtoken builds one on every verify (4% of a request's CPU).
        secretOrKey: createSecretKey(Buffer.from(ctx.secrets.jwtSecret)) as unknown as string,
        ...jwtVerifyOptions,
        passReqToCallback: true,
      },
      (req: Request, payload: AccessPayload, done: (err: unknown, user?: AuthContext | false) => void) => {
        const token = bearer(req);
        if (token) verifiedTokensOf(ctx).remember(token, payload);
        sessionOf(ctx, payload).then(
          (auth) => done(null, auth),
          (err) => done(err),
        );
      },
    ),
  );
  return passport;
}

type PassportInstance = ReturnType<typeof createPassport>;

/** Runs the local strategy; resolves to the user, or null on bad credentials. */
export function authenticateLocal(passport: PassportInstance, req: Request, res: Response): Promise<User | null> {
  return new Promise((resolve, reject) => {
    passport.authenticate("local", { session: false }, (err: unknown, user: User | false) => {
      if (err) return reject(err);
      resolve(user || null);
    })(req, res, (err?: unknown) => (err ? reject(err) : resolve(null)));
  });
}

function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (!header) return undefined;
  const [scheme, value] = header.split(" ");
  return scheme?.toLowerCase() === "bearer" && value ? value : undefined;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Puts `req.auth` on the request (JWT or personal API token) according to the route's auth mode. */
export function authenticate(ctx: AppContext, passport: PassportInstance, mode: AuthMode, sessionOnly = false): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // Public routes ignore credentials: a stale token must not 401 them, nor a lost database 503 /api/health.
    if (mode === "none") return next();
    const token = bearer(req);
    if (!token) return mode === "required" ? next(unauthorized("Sign in, or send an access token: Authorization: Bearer <token>")) : next();
    const accept = (auth: AuthContext | null | false) => {
      // Optional auth (e.g. logout with an expired access token): carry on anonymously.
      if (!auth && mode === "optional") return next();
      if (!auth) return next(unauthorized("Access token is invalid or expired. Refresh it or sign in again."));
      if (auth.kind === "token" && sessionOnly) return next(forbidden("API tokens cannot do this; sign in with a password."));
      if (auth.scope === "read" && !READ_METHODS.has(req.method)) return next(forbidden("This API token is read-only."));
      req.auth = auth;
      next();
    };
    if (token.startsWith(API_TOKEN_PREFIX)) {
      authenticateApiToken(ctx, token).then(accept, next);
      return;
    }
    const verified = verifiedTokensOf(ctx).get(token);
    if (verified) {
      sessionOf(ctx, verified).then(accept, next);
      return;
    }
    passport.authenticate("jwt", { session: false }, (err: unknown, auth: AuthContext | false) => (err ? next(err) : accept(auth)))(req, res, next);
  };
}
