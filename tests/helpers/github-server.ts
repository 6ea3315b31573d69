import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface GithubAccount {
  id: number;
  login: string;
  name?: string | null;
  emails: Array<{ email: string; primary: boolean; verified: boolean }>;
}

export interface GithubServer {
  url: string;
  clientId: string;
  clientSecret: string;
  /** The account that approves the next authorization. */
  signInAs(account: GithubAccount): void;
  /** Code exchanges received, and the ones refused (with GitHub's error code). */
  tokenRequests: Array<{ ok: boolean; error?: string }>;
  close(): Promise<void>;
}

/**
 * A scripted GitHub speaking the parts of its OAuth 2 protocol TeamFlow uses:
 * /login/oauth/authorize (approves at once as the chosen account),
 * /login/oauth/access_token (client secret, single-use code, redirect_uri and the
 * PKCE S256 verifier are checked; errors come as 200 {error}, like GitHub's),
 * /user and /user/emails with the issued Bearer token.
 */
export async function startGithubServer(): Promise<GithubServer> {
  const clientId = "gh-client-id";
  const clientSecret = crypto.randomBytes(16).toString("hex");
  let current: GithubAccount | null = null;
  const codes = new Map<string, { account: GithubAccount; challenge: string; method: string; redirectUri: string }>();
  const tokens = new Map<string, GithubAccount>();
  const tokenRequests: GithubServer["tokenRequests"] = [];

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: http.IncomingMessage) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    return req.headers["content-type"]?.includes("json") ? (JSON.parse(raw) as Record<string, string>) : Object.fromEntries(new URLSearchParams(raw));
  };

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname === "/login/oauth/authorize" && req.method === "GET") {
      const p = url.searchParams;
      if (p.get("client_id") !== clientId || !current) return json(res, 400, { error: "unknown client or no account" });
      const challenge = p.get("code_challenge");
      if (!challenge || p.get("code_challenge_method") !== "S256") return json(res, 400, { error: "PKCE required" });
      const code = crypto.randomBytes(10).toString("hex");
      codes.set(code, { account: current, challenge, method: "S256", redirectUri: p.get("redirect_uri") ?? "" });
      const back = new URL(p.get("redirect_uri")!);
      back.searchParams.set("code", code);
      if (p.has("state")) back.searchParams.set("state", p.get("state")!);
      res.writeHead(302, { location: back.toString() }).end();
      return;
    }
    if (url.pathname === "/login/oauth/access_token" && req.method === "POST") {
      const body = await readBody(req);
      const basic = req.headers.authorization?.startsWith("Basic ") ? Buffer.from(req.headers.authorization.slice(6), "base64").toString().split(":") : [];
      const id = body.client_id ?? decodeURIComponent(basic[0] ?? "");
      const secret = body.client_secret ?? decodeURIComponent(basic[1] ?? "");
      const refuse = (error: string) => {
        tokenRequests.push({ ok: false, error });
        json(res, 200, { error, error_description: error });
      };
      if (id !== clientId || secret !== clientSecret) return refuse("incorrect_client_credentials");
      const entry = codes.get(body.code ?? "");
      codes.delete(body.code ?? "");
      if (!entry) return refuse("bad_verification_code");
      if (body.redirect_uri && body.redirect_uri !== entry.redirectUri) return refuse("redirect_uri_mismatch");
      const expected = crypto.createHash("sha256").update(body.code_verifier ?? "").digest("base64url");
      if (expected !== entry.challenge) return refuse("invalid_code_verifier");
      const token = `gho_${crypto.randomBytes(12).toString("hex")}`;
      tokens.set(token, entry.account);
      tokenRequests.push({ ok: true });
      return json(res, 200, { access_token: token, token_type: "bearer", scope: "read:user,user:email" });
    }
    const token = req.headers.authorization?.replace(/^Bearer /i, "") ?? "";
    const account = tokens.get(token);
    if (url.pathname === "/user" || url.pathname === "/user/emails") {
      if (!account) return json(res, 401, { message: "Bad credentials" });
      if (url.pathname === "/user") return json(res, 200, { id: account.id, login: account.login, name: account.name ?? null });
      return json(res, 200, account.emails.map((e) => ({ ...e, visibility: e.primary ? "private" : null })));
    }
    json(res, 404, { message: "Not Found" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    clientId,
    clientSecret,
    signInAs: (account) => (current = account),
    tokenRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
