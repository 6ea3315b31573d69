/* global process, console, URL, URLSearchParams */
// A certified OpenID Connect server (oidc-provider) on loopback for the OAuth tests,
// run as its own Node process because oidc-provider is ESM-only (jest runs CommonJS).
// Config comes as JSON in OIDC_PEER_CONFIG: { clients: [{client_id, client_secret, redirect_uris}] }.
// Its login page signs in as the account the test chose (POST /__test/next-login);
// consent is granted automatically. It prints "READY <issuer>" when listening.
import http from "node:http";
import Provider from "oidc-provider";

const config = JSON.parse(process.env.OIDC_PEER_CONFIG ?? "{}");
const accounts = new Map();
let nextLogin = null;
const stats = { tokenRequests: 0 };

const server = http.createServer();
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({ ...c, grant_types: ["authorization_code"], response_types: ["code"], token_endpoint_auth_method: "client_secret_basic" })),
  async findAccount(_ctx, sub) {
    const account = accounts.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, email: account.email, email_verified: account.email_verified, name: account.name }) };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  cookies: { keys: ["oidc-peer-test-key"] },
  ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
});
provider.on("server_error", (_ctx, err) => console.error("oidc-peer server_error", err));

const page = (body) =>
  `<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>Test identity server</title></head><body style="font-family:sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem">${body}</body></html>`;

async function readBody(req) {
  let raw = "";
  for await (const chunk of req) raw += chunk;
  return raw;
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) throw new Error("interaction mismatch");
  const { prompt, params, session } = details;
  if (prompt.name === "login") {
    if (action === "login" && req.method === "POST") {
      const sub = new URLSearchParams(await readBody(req)).get("sub");
      if (!sub || !accounts.has(sub)) {
        res.writeHead(400, { "content-type": "text/plain" }).end("unknown account");
        return;
      }
      await provider.interactionFinished(req, res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
      return;
    }
    const account = nextLogin ? accounts.get(nextLogin) : null;
    res.writeHead(200, { "content-type": "text/html" });
    res.end(
      page(
        account
          ? `<h1>Test identity server</h1><p>Client <b>${params.client_id}</b> asks you to sign in.</p><form method="post" action="/interaction/${uid}/login"><input type="hidden" name="sub" value="${nextLogin}"><button type="submit">Sign in as ${account.email}</button></form>`
          : `<h1>No test account chosen</h1>`,
      ),
    );
    return;
  }
  if (prompt.name === "consent") {
    const grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(" "));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
    return;
  }
  res.writeHead(400, { "content-type": "text/plain" }).end(`unexpected prompt ${prompt.name}`);
}

const handle = provider.callback();
server.on("request", async (req, res) => {
  try {
    const url = new URL(req.url, issuer);
    if (url.pathname === "/__test/accounts" && req.method === "POST") {
      const account = JSON.parse(await readBody(req));
      accounts.set(account.sub, account);
      if (account.next !== false) nextLogin = account.sub;
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === "/__test/stats") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(stats));
      return;
    }
    const m = /^\/interaction\/([\w-]+)(?:\/(login))?$/.exec(url.pathname);
    if (m) return await interaction(req, res, m[1], m[2]);
    if (url.pathname === "/token" && req.method === "POST") stats.tokenRequests += 1;
    handle(req, res);
  } catch (err) {
    console.error("oidc-peer error", err);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" }).end(String(err));
  }
});

process.on("SIGTERM", () => server.close(() => process.exit(0)));
console.log(`READY ${issuer}`);
