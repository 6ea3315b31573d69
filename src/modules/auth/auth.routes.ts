import type { Request, Response } from "express";
import { AppError, unauthorized } from "../../lib/errors";
import { envelope, idParams, z } from "../../lib/zod";
import type { AppContext } from "../../http/context";
import { created, defineRoute, noContent, ok, type AnyRoute } from "../../http/route";
import * as tokens from "./api-tokens.service";
import * as auth from "./auth.service";
import { presentApiToken, presentMyWorkspace, presentUser } from "./auth.presenter";
import {
  apiToken,
  authResult,
  changePasswordBody,
  createdApiToken,
  createTokenBody,
  loginBody,
  meResult,
  refreshResult,
  registerBody,
  updateMeBody,
  user,
} from "./auth.schema";
import { authenticateLocal, type createPassport } from "./passport";

export const REFRESH_COOKIE = "tf_refresh";
const COOKIE_PATH = "/api/v1/auth";
export const REFRESH_COOKIE_PATH = COOKIE_PATH;
const tags = ["Auth"];

export function authRoutes(ctx: AppContext, passport: ReturnType<typeof createPassport>): AnyRoute[] {
  const client = (req: Request) => ({ userAgent: req.get("user-agent"), ip: req.ip });
  const setRefreshCookie = (res: Response, token: string, expires: Date) =>
    res.cookie(REFRESH_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: ctx.config.isProduction, path: COOKIE_PATH, expires });
  const clearRefreshCookie = (res: Response) =>
    res.clearCookie(REFRESH_COOKIE, { httpOnly: true, sameSite: "lax", secure: ctx.config.isProduction, path: COOKIE_PATH });
  const readRefreshCookie = (req: Request): string | undefined => {
    const value = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
    return typeof value === "string" && value.length <= 200 ? value : undefined;
  };
  const sessionReply = (res: Response, s: auth.IssuedSession, status: number) => {
    setRefreshCookie(res, s.refreshToken, s.refreshExpiresAt);
    return { status, body: { data: { user: presentUser(s.user), accessToken: s.accessToken, expiresIn: s.expiresIn } } };
  };

  return [
    defineRoute({
      method: "post",
      path: "/auth/register",
      summary: "Create an account (the first account of an install also gets a workspace)",
      tags,
      auth: "none",
      rateLimit: "credentials",
      request: { body: registerBody },
      responses: {
        201: { description: "Account created and signed in; sets the refresh cookie", schema: envelope(authResult) },
        409: { description: "Email already registered (CONFLICT)" },
      },
      handler: async ({ req, res, body }) => sessionReply(res, await auth.register(ctx, body, client(req)), 201),
    }),
    defineRoute({
      method: "post",
      path: "/auth/login",
      summary: "Sign in with email and password",
      description: "5 consecutive failures lock the account for 15 minutes; the error message is the same for every failure.",
      tags,
      auth: "none",
      rateLimit: "credentials",
      request: { body: loginBody },
      responses: { 200: { description: "Signed in; sets the refresh cookie", schema: envelope(authResult) } },
      handler: async ({ req, res }) => {
        const u = await authenticateLocal(passport, req, res);
        if (!u) throw unauthorized(auth.LOGIN_FAILED_MESSAGE);
        return sessionReply(res, await auth.login(ctx, u, client(req)), 200);
      },
    }),
    defineRoute({
      method: "post",
      path: "/auth/refresh",
      summary: "Exchange the refresh cookie for a new access token (rotates the cookie)",
      description:
        "Presenting an already-rotated refresh token revokes every session of its family, except within 10 seconds of the rotation from the same browser (user agent and address): that is two tabs racing, answered 409 CONFLICT without touching the cookie, and the client retries with the cookie it has now.",
      tags,
      auth: "none",
      rateLimit: "session",
      responses: { 200: { description: "New access token; sets the rotated refresh cookie", schema: envelope(refreshResult) } },
      handler: async ({ req, res }) => {
        try {
          const r = await auth.refresh(ctx, readRefreshCookie(req), client(req));
          setRefreshCookie(res, r.refreshToken, r.refreshExpiresAt);
          return ok({ accessToken: r.accessToken, expiresIn: r.expiresIn });
        } catch (err) {
          // Only a dead session clears the cookie. A lost race keeps it (the browser already holds the winner's
          // rotated one), and so does an outage (503): the session is still good once the database is back.
          if (err instanceof AppError && err.code === "UNAUTHORIZED") clearRefreshCookie(res);
          throw err;
        }
      },
    }),
    defineRoute({
      method: "post",
      path: "/auth/logout",
      summary: "Sign out this session (revokes the refresh token family, clears the cookie)",
      tags,
      auth: "optional",
      responses: { 204: { description: "Signed out" } },
      handler: async ({ req, res }) => {
        await auth.logout(ctx, readRefreshCookie(req), req.auth?.sessionFamilyId);
        clearRefreshCookie(res);
        return noContent();
      },
    }),
    defineRoute({
      method: "post",
      path: "/auth/logout-all",
      summary: "Sign out every session of the current user",
      tags,
      auth: "required",
      sessionOnly: true,
      responses: { 204: { description: "All sessions revoked" } },
      handler: async ({ res, auth: a }) => {
        await auth.logoutEverywhere(ctx, a.userId);
        clearRefreshCookie(res);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/auth/me",
      summary: "The current user and their workspaces",
      tags,
      auth: "required",
      responses: { 200: { description: "Current user", schema: envelope(meResult) } },
      handler: async ({ auth: a }) => {
        const r = await auth.me(ctx, a.userId);
        return ok({ user: presentUser(r.user), workspaces: r.workspaces.map(presentMyWorkspace) });
      },
    }),
    defineRoute({
      method: "patch",
      path: "/auth/me",
      summary: "Update the current user's name or time zone",
      tags,
      auth: "required",
      request: { body: updateMeBody },
      responses: { 200: { description: "Updated user", schema: envelope(z.object({ user })) } },
      handler: async ({ auth: a, body }) => ok({ user: presentUser(await auth.updateProfile(ctx, a.userId, body)) }),
    }),
    defineRoute({
      method: "post",
      path: "/auth/password",
      summary: "Change the password, or set the first one of an account made through a sign-in provider (signs out every other session)",
      tags,
      auth: "required",
      sessionOnly: true,
      rateLimit: "credentials",
      request: { body: changePasswordBody },
      responses: { 204: { description: "Password changed (or set)" } },
      handler: async ({ auth: a, body }) => {
        await auth.changePassword(ctx, a.userId, a.sessionFamilyId, body);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/auth/tokens",
      summary: "List my active personal API tokens",
      tags: ["API tokens"],
      auth: "required",
      sessionOnly: true,
      responses: { 200: { description: "Tokens (secrets are never shown again)", schema: envelope(z.array(apiToken)) } },
      handler: async ({ auth: a }) => ok((await tokens.listTokens(ctx, a.userId)).map(presentApiToken)),
    }),
    defineRoute({
      method: "post",
      path: "/auth/tokens",
      summary: "Create a personal API token (the secret is shown once)",
      tags: ["API tokens"],
      auth: "required",
      sessionOnly: true,
      request: { body: createTokenBody },
      responses: {
        201: { description: "Token created", schema: envelope(createdApiToken) },
        409: { description: "Too many active tokens (CONFLICT)" },
      },
      handler: async ({ auth: a, body }) => {
        const { row, token } = await tokens.createToken(ctx, a.userId, body);
        return created({ ...presentApiToken(row), token });
      },
    }),
    defineRoute({
      method: "delete",
      path: "/auth/tokens/:id",
      summary: "Revoke a personal API token",
      tags: ["API tokens"],
      auth: "required",
      sessionOnly: true,
      request: { params: idParams },
      responses: { 204: { description: "Revoked" } },
      handler: async ({ auth: a, params }) => {
        await tokens.revokeToken(ctx, a.userId, params.id);
        return noContent();
      },
    }),
  ];
}
