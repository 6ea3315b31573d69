import type { Request, Response } from "express";
import { AppError, notFound } from "../../../lib/errors";
import { envelope, idParams, z } from "../../../lib/zod";
import { logger } from "../../../lib/logger";
import type { AppContext } from "../../../http/context";
import { defineRoute, noContent, ok, type AnyRoute } from "../../../http/route";
import { login } from "../auth.service";
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH } from "../auth.routes";
import type { createPassport } from "../passport";
import { FLOW_TTL_MS, sameState, seal, takeFlow, unseal, writeFlow, type OAuthFlow } from "./oauth.flow";
import { configuredProviders, PROVIDER_IDS, type ProviderId } from "./oauth.providers";
import { presentIdentity } from "./oauth.presenter";
import { callbackQuery, connectStart, identitiesResult, providerParams, signInProvider, startQuery } from "./oauth.schema";
import { connectIdentity, disconnectIdentity, listIdentities, OAuthRefusal, providerName, signInWithProvider } from "./oauth.service";
import { OAuthStrategies } from "./oauth.strategies";

const tags = ["Auth"];
const CONNECT_TICKET_TTL_MS = 2 * 60_000;

/** Same-origin app paths only (as the web app's safeNext), so a crafted link cannot send a signed-in user elsewhere. */
function safeNext(next: string | undefined): string | undefined {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return undefined;
  if (/^\/(api|sign-in|register)(\/|\?|$)/.test(next)) return undefined;
  return next;
}

export function oauthRoutes(ctx: AppContext, passport: ReturnType<typeof createPassport>): AnyRoute[] {
  const strategies = new OAuthStrategies(ctx, passport);
  const find = (id: string) => configuredProviders(ctx.config).find((p) => p.id === id);
  const known = (id: string): id is ProviderId => (PROVIDER_IDS as readonly string[]).includes(id);

  /** Every failure goes back to a page of the app with a message to show, never to a JSON page. */
  const fail = (res: Response, message: string, flow?: Pick<OAuthFlow, "connectUserId" | "next"> | null) => {
    if (flow?.connectUserId) return void res.redirect(302, `/profile?${new URLSearchParams({ oauthError: message })}#connected-accounts`);
    const params = new URLSearchParams({ oauthError: message });
    if (flow?.next) params.set("next", flow.next);
    res.redirect(302, `/sign-in?${params}`);
  };

  const issueSession = async (req: Request, res: Response, userId: Awaited<ReturnType<typeof signInWithProvider>>) => {
    const s = await login(ctx, userId, { userAgent: req.get("user-agent"), ip: req.ip });
    res.cookie(REFRESH_COOKIE, s.refreshToken, { httpOnly: true, sameSite: "lax", secure: ctx.config.isProduction, path: REFRESH_COOKIE_PATH, expires: s.refreshExpiresAt });
  };

  return [
    defineRoute({
      method: "get",
      path: "/auth/providers",
      summary: "The configured sign-in providers (one button each on the sign-in page)",
      tags,
      auth: "none",
      responses: { 200: { description: "Providers, in button order", schema: envelope(z.array(signInProvider)) } },
      handler: async () => ok(configuredProviders(ctx.config).map((p) => ({ id: p.id, name: p.name }))),
    }),
    defineRoute({
      method: "get",
      path: "/auth/oauth/:provider",
      summary: "Start signing in with a provider (redirects the browser to it)",
      description:
        "Sets a short-lived encrypted cookie with the request's state, PKCE verifier and nonce, and redirects to the provider. `next` is the app path to land on afterwards (e.g. `/invite/<token>`); `connect` is a ticket from POST /auth/oauth/{provider}/connect. Problems redirect to /sign-in?oauthError=<message>.",
      tags,
      auth: "none",
      rateLimit: "credentials",
      request: { params: providerParams, query: startQuery },
      responses: { 302: { description: "To the provider's authorization page, or back to the sign-in page with `oauthError`" }, 404: { description: "No such provider id (NOT_FOUND)" } },
      handler: async ({ req, res, params, query }) => {
        if (!known(params.provider)) throw notFound("Sign-in provider");
        const provider = find(params.provider);
        const next = safeNext(query.next);
        if (!provider) return fail(res, `Signing in with ${providerName(ctx, params.provider)} is not set up on this server. Use another way to sign in, or ask your administrator.`, { next });
        let connectUserId: string | undefined;
        if (query.connect !== undefined) {
          const ticket = unseal<{ userId: string; provider: ProviderId; expiresAt: number }>(ctx, "oauth-connect", query.connect);
          if (!ticket || ticket.provider !== provider.id || ticket.expiresAt < ctx.now().getTime()) {
            return void res.redirect(302, `/profile?${new URLSearchParams({ oauthError: `That link to connect ${provider.name} has expired. Press Connect again.` })}#connected-accounts`);
          }
          connectUserId = ticket.userId;
        }
        try {
          const outcome = await strategies.start(provider, req, res, (state, codeVerifier, nonce) =>
            writeFlow(ctx, res, { provider: provider.id, state, codeVerifier, nonce, connectUserId, next, expiresAt: ctx.now().getTime() + FLOW_TTL_MS }),
          );
          if (outcome.kind !== "redirected" && !res.headersSent) fail(res, outcome.kind === "failed" ? outcome.message : `${provider.name} did not start the sign-in.`, { connectUserId, next });
        } catch (err) {
          logger.warn("oauth start failed", { provider: provider.id, error: (err as Error).message });
          if (!res.headersSent) fail(res, `${provider.name} cannot be reached right now. Try again in a minute, or use another way to sign in.`, { connectUserId, next });
        }
      },
    }),
    defineRoute({
      method: "get",
      path: "/auth/oauth/:provider/callback",
      summary: "Where the provider sends the browser back (register APP_URL/api/v1/auth/oauth/{provider}/callback at the provider)",
      description:
        "Checks `state` against this browser's flow cookie before the code is exchanged (with the PKCE verifier; the ID token's nonce is checked too), then signs in the account linked to the provider account, or the account with the same verified email, or creates one. Issues the refresh cookie like a password sign-in and redirects into the app; every failure redirects to /sign-in?oauthError=<message> (or the profile page when connecting).",
      tags,
      auth: "none",
      request: { params: providerParams, query: callbackQuery },
      responses: { 302: { description: "Into the app (signed in), or back to the sign-in page with `oauthError`" }, 404: { description: "No such provider id (NOT_FOUND)" } },
      handler: async ({ req, res, params, query }) => {
        if (!known(params.provider)) throw notFound("Sign-in provider");
        const provider = find(params.provider);
        const flow = takeFlow(ctx, req, res, params.provider);
        const name = providerName(ctx, params.provider);
        if (!provider) return fail(res, `Signing in with ${name} is not set up on this server.`);
        if (!flow) return fail(res, `This ${name} sign-in has expired or was started in another browser. Start again.`);
        if (query.error) {
          const why = query.error === "access_denied" ? `You cancelled signing in with ${name}.` : `${name} refused the sign-in: ${(query.error_description ?? query.error).slice(0, 300)}.`;
          return fail(res, `${why} Try again, or use another way to sign in.`, flow);
        }
        // The state must be the one this browser sent, before anything is exchanged.
        if (!sameState(flow.state, query.state)) return fail(res, `The answer from ${name} does not belong to the sign-in this browser started. Start again.`, flow);
        try {
          const outcome = await strategies.complete(provider, flow, req, res);
          if (outcome.kind === "redirected") return;
          if (outcome.kind === "failed") return fail(res, `${name} did not confirm the sign-in (${outcome.message}). Start again.`, flow);
          if (flow.connectUserId) {
            await connectIdentity(ctx, flow.connectUserId, outcome.profile);
            return void res.redirect(302, `/profile?${new URLSearchParams({ connected: provider.id })}#connected-accounts`);
          }
          const user = await signInWithProvider(ctx, outcome.profile);
          await issueSession(req, res, user);
          res.redirect(302, flow.next ?? "/");
        } catch (err) {
          if (err instanceof OAuthRefusal) return fail(res, err.message, flow);
          logger.warn("oauth callback failed", { provider: provider.id, error: (err as Error).message });
          fail(res, `${name} sign-in could not be verified. Start again; if it keeps failing, ask your administrator to check the ${name} settings.`, flow);
        }
      },
    }),
    defineRoute({
      method: "post",
      path: "/auth/oauth/:provider/connect",
      summary: "Start connecting a provider account to the signed-in user",
      description: "Returns the URL to open in the browser (valid for 2 minutes); it continues like a sign-in and ends on the profile page.",
      tags,
      auth: "required",
      sessionOnly: true,
      request: { params: providerParams },
      responses: { 200: { description: "URL to navigate to", schema: envelope(connectStart) }, 404: { description: "Provider not configured (NOT_FOUND)" } },
      handler: async ({ params, auth }) => {
        if (!known(params.provider)) throw notFound("Sign-in provider");
        const provider = find(params.provider);
        if (!provider) throw new AppError("NOT_FOUND", `Signing in with ${providerName(ctx, params.provider)} is not set up on this server.`);
        const ticket = seal(ctx, "oauth-connect", { userId: auth.userId, provider: provider.id, expiresAt: ctx.now().getTime() + CONNECT_TICKET_TTL_MS });
        return ok({ url: `/api/v1/auth/oauth/${provider.id}?${new URLSearchParams({ connect: ticket })}` });
      },
    }),
    defineRoute({
      method: "get",
      path: "/auth/identities",
      summary: "My connected accounts (sign-in providers)",
      tags,
      auth: "required",
      sessionOnly: true,
      responses: { 200: { description: "Connected accounts, oldest first", schema: envelope(identitiesResult) } },
      handler: async ({ auth }) => {
        const r = await listIdentities(ctx, auth.userId);
        return ok({ identities: r.identities.map((i) => presentIdentity(i, providerName(ctx, i.provider))), hasPassword: r.hasPassword });
      },
    }),
    defineRoute({
      method: "delete",
      path: "/auth/identities/:id",
      summary: "Disconnect a connected account",
      description: "Refused with 409 CONFLICT when it is the last way to sign in (no password and no other connected account).",
      tags,
      auth: "required",
      sessionOnly: true,
      request: { params: idParams },
      responses: { 204: { description: "Disconnected" }, 404: { description: "Not one of my connected accounts (NOT_FOUND)" }, 409: { description: "Last way to sign in (CONFLICT)" } },
      handler: async ({ auth, params }) => {
        await disconnectIdentity(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
  ];
}
