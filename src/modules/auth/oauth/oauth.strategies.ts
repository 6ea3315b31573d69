import crypto from "node:crypto";
import type { Request, Response } from "express";
import OAuth2Strategy from "passport-oauth2";
import { AppError } from "../../../lib/errors";
import type { AppContext } from "../../../http/context";
import type { createPassport } from "../passport";
import { sameState, type OAuthFlow } from "./oauth.flow";
import { callbackUrl, type GithubProviderConfig, type OidcProviderConfig, type ProviderConfig, type ProviderProfile } from "./oauth.providers";

type PassportInstance = ReturnType<typeof createPassport>;

/** openid-client is ESM-only: loaded on first use (the server is CommonJS). */
const loadOidcClient = () => import("openid-client");
const loadOidcPassport = () => import("openid-client/passport");

/** Where the strategies' per-request state comes from and goes to (they were written for express-session). */
interface FlowHooks {
  /** Start: the strategy chose state, PKCE verifier (and nonce); the route stores them in this browser's flow cookie. */
  begin?: (state: string, codeVerifier: string, nonce?: string) => void;
  /** Callback: the flow read back from the cookie. */
  flow?: OAuthFlow;
}
const HOOKS = Symbol("oauth-flow-hooks");
type HookedRequest = Request & { [HOOKS]?: FlowHooks; session?: Record<string, unknown> };
const SESSION_KEY = "oauth";

export type StrategyOutcome = { kind: "redirected" } | { kind: "profile"; profile: ProviderProfile } | { kind: "failed"; message: string };

const errorMessage = (info: unknown): string =>
  info && typeof info === "object" && "message" in info && typeof info.message === "string" ? info.message : "The provider did not confirm the sign-in.";

/**
 * The passport strategy of each configured provider, registered on the app's one
 * Passport instance the first time it is needed (OIDC discovery is a network call,
 * so a provider that is down at start-up does not stop the server; a failed
 * discovery is retried on the next attempt).
 */
export class OAuthStrategies {
  private readonly ready = new Map<string, Promise<string>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly passport: PassportInstance,
  ) {}

  private strategyName(provider: ProviderConfig) {
    return `oauth-${provider.id}`;
  }

  private ensure(provider: ProviderConfig): Promise<string> {
    const name = this.strategyName(provider);
    let pending = this.ready.get(name);
    if (!pending) {
      pending = (provider.kind === "github" ? Promise.resolve(this.githubStrategy(provider)) : this.oidcStrategy(provider)).then((strategy) => {
        this.passport.use(name, strategy);
        return name;
      });
      pending.catch(() => this.ready.delete(name));
      this.ready.set(name, pending);
    }
    return pending;
  }

  /** Start: redirects the browser to the provider; `begin` receives what must come back. */
  async start(provider: ProviderConfig, req: Request, res: Response, begin: NonNullable<FlowHooks["begin"]>): Promise<StrategyOutcome> {
    const name = await this.ensure(provider);
    const r = req as HookedRequest;
    r[HOOKS] = { begin };
    // openid-client's strategy keeps its state in req.session[SESSION_KEY]: hand what it writes to `begin`.
    const session: Record<string, unknown> = {};
    Object.defineProperty(session, SESSION_KEY, {
      enumerable: true,
      configurable: true,
      get: () => undefined,
      set: (data: { code_verifier: string; state?: string; nonce?: string }) => {
        if (!data.state) throw new Error("the OIDC strategy sent no state");
        begin(data.state, data.code_verifier, data.nonce);
      },
    });
    r.session = session;
    return run(this.passport, name, r, res);
  }

  /** Callback: exchanges the code (with the flow's PKCE verifier) and returns the provider's profile. */
  async complete(provider: ProviderConfig, flow: OAuthFlow, req: Request, res: Response): Promise<StrategyOutcome> {
    const name = await this.ensure(provider);
    const r = req as HookedRequest;
    r[HOOKS] = { flow };
    r.session = { [SESSION_KEY]: { code_verifier: flow.codeVerifier, state: flow.state, nonce: flow.nonce } };
    return run(this.passport, name, r, res);
  }

  private async oidcStrategy(provider: OidcProviderConfig) {
    const oidc = await loadOidcClient();
    const { Strategy } = await loadOidcPassport();
    const issuer = new URL(provider.issuer);
    // http:// issuers only outside production (config validation refuses them in production).
    const insecure = issuer.protocol === "http:" && !this.ctx.config.isProduction;
    let config;
    try {
      // Microsoft's multi-tenant issuers (common, organizations, consumers) publish the issuer
      // "https://login.microsoftonline.com/{tenantid}/v2.0": openid-client (6.x, handleEntraId)
      // accepts that for the bare issuer URL and checks each ID token's `iss` against its own `tid`.
      // So MICROSOFT_ISSUER must stay the issuer, never the full .well-known URL (which skips that).
      config = await oidc.discovery(issuer, provider.clientId, provider.clientSecret, undefined, {
        execute: insecure ? [oidc.allowInsecureRequests] : [],
        timeout: 10,
      });
    } catch (err) {
      throw new AppError("SERVICE_UNAVAILABLE", `${provider.name} cannot be reached right now (${(err as Error).message}). Try again in a minute, or sign in with your password.`);
    }
    class StatefulStrategy extends Strategy {
      // The stock strategy sends no state when the server supports PKCE, and a nonce only for implicit flows: send both.
      override authorizationRequestParams<T extends Parameters<InstanceType<typeof Strategy>["authorizationRequestParams"]>[1]>(req: Request, options: T) {
        const params = new URLSearchParams(super.authorizationRequestParams(req, options) ?? undefined);
        params.set("state", oidc.randomState());
        params.set("nonce", oidc.randomNonce());
        return params;
      }
    }
    return new StatefulStrategy(
      { config, scope: "openid email profile", callbackURL: callbackUrl(this.ctx.config, provider.id), sessionKey: SESSION_KEY },
      (tokens, done) => {
        (async (): Promise<ProviderProfile> => {
          const claims = tokens.claims();
          if (!claims) throw new Error("the provider returned no ID token");
          let email = typeof claims.email === "string" ? claims.email : undefined;
          let verified: unknown = claims.email_verified;
          let displayName = typeof claims.name === "string" ? claims.name : undefined;
          if (!email) {
            // Certified servers may keep scope claims out of the ID token: ask the userinfo endpoint.
            const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
            email = typeof info.email === "string" ? info.email : undefined;
            verified = info.email_verified;
            displayName ??= typeof info.name === "string" ? info.name : undefined;
          }
          // Entra ID sends no email_verified; xms_edov says the domain owner verified the address.
          const emailVerified = verified === true || verified === "true" || (provider.id === "microsoft" && claims.xms_edov === true);
          return { provider: provider.id, subject: claims.sub, email: email ?? null, emailVerified, name: displayName ?? null };
        })().then(
          (profile) => done(null, profile),
          (err) => done(err),
        );
      },
    );
  }

  private githubStrategy(provider: GithubProviderConfig) {
    // state and PKCE through the flow cookie instead of express-session.
    const store = {
      store(req: Request, verifier: string, _state: unknown, _meta: unknown, cb: (err: Error | null, state?: string) => void) {
        const state = crypto.randomBytes(32).toString("base64url");
        try {
          (req as HookedRequest)[HOOKS]?.begin?.(state, verifier);
        } catch (err) {
          return cb(err as Error);
        }
        cb(null, state);
      },
      verify(req: Request, providedState: string, cb: (err: Error | null, ok: string | false, info?: unknown) => void) {
        const flow = (req as HookedRequest)[HOOKS]?.flow;
        if (!flow || !sameState(flow.state, providedState)) return cb(null, false, { message: "The sign-in request does not match this browser. Start again." });
        cb(null, flow.codeVerifier, {});
      },
    };
    class GithubStrategy extends OAuth2Strategy {
      override userProfile(accessToken: string, done: (err?: unknown, profile?: unknown) => void) {
        fetchGithubProfile(provider.apiUrl, accessToken).then(
          (profile) => done(null, profile),
          (err) => done(err),
        );
      }
    }
    return new GithubStrategy(
      {
        authorizationURL: `${provider.webUrl}/login/oauth/authorize`,
        tokenURL: `${provider.webUrl}/login/oauth/access_token`,
        clientID: provider.clientId,
        clientSecret: provider.clientSecret,
        callbackURL: callbackUrl(this.ctx.config, "github"),
        scope: ["read:user", "user:email"],
        state: true,
        pkce: true,
        store: store as unknown as OAuth2Strategy.StateStore,
        customHeaders: { Accept: "application/json", "User-Agent": "TeamFlow" },
      },
      (_accessToken: string, _refreshToken: string, profile: ProviderProfile, done: OAuth2Strategy.VerifyCallback) => done(null, profile),
    );
  }
}

/** GitHub's /user and /user/emails: the numeric id is the subject, the primary email counts only when verified. */
async function fetchGithubProfile(apiUrl: string, accessToken: string): Promise<ProviderProfile> {
  const get = async (path: string) => {
    const res = await fetch(`${apiUrl}${path}`, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/vnd.github+json", "User-Agent": "TeamFlow", "X-GitHub-Api-Version": "2022-11-28" },
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`GitHub ${path} answered ${res.status}`);
    return (await res.json()) as unknown;
  };
  const user = (await get("/user")) as { id?: unknown; login?: unknown; name?: unknown };
  if (typeof user.id !== "number" && typeof user.id !== "string") throw new Error("GitHub /user returned no id");
  const emails = (await get("/user/emails")) as Array<{ email?: unknown; primary?: unknown; verified?: unknown }>;
  const primary = Array.isArray(emails) ? emails.find((e) => e.primary === true && typeof e.email === "string") : undefined;
  const name = typeof user.name === "string" && user.name.trim() ? user.name : typeof user.login === "string" ? user.login : null;
  return { provider: "github", subject: String(user.id), email: (primary?.email as string | undefined) ?? null, emailVerified: primary?.verified === true, name };
}

/** Runs a strategy: it either redirects (start) or reports a profile or a failure (callback). */
function run(passport: PassportInstance, name: string, req: Request, res: Response): Promise<StrategyOutcome> {
  return new Promise((resolve, reject) => {
    const onFinish = () => resolve({ kind: "redirected" });
    res.once("finish", onFinish);
    const settle = (fn: () => void) => {
      res.off("finish", onFinish);
      fn();
    };
    passport.authenticate(name, { session: false }, (err: unknown, user: ProviderProfile | false, info: unknown) =>
      settle(() => (err ? reject(err) : user ? resolve({ kind: "profile", profile: user }) : resolve({ kind: "failed", message: errorMessage(info) }))),
    )(req, res, (err?: unknown) => settle(() => (err ? reject(err) : resolve({ kind: "failed", message: errorMessage(undefined) }))));
  });
}
