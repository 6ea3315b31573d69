import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface OidcAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface OidcPeer {
  issuer: string;
  /** Adds (or replaces) an account; by default it is the one the login page signs in as next. */
  addAccount(account: OidcAccount, options?: { next?: boolean }): Promise<void>;
  /** How many token requests (code exchanges) the server received. */
  tokenRequests(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Starts oidc-provider (a certified OpenID Connect server) on loopback in a child
 * process (it is ESM-only) with the given clients; see oidc-provider.server.mjs.
 */
export async function startOidcProvider(clients: Array<{ client_id: string; client_secret: string; redirect_uris: string[] }>): Promise<OidcPeer> {
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, "oidc-provider.server.mjs")], {
    env: { ...process.env, NODE_ENV: "test", OIDC_PEER_CONFIG: JSON.stringify({ clients }) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`oidc-provider did not start: ${stderr}`)), 20_000);
    let out = "";
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /READY (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`oidc-provider exited with ${code}: ${stderr}`));
    });
  });
  return {
    issuer,
    async addAccount(account, options = {}) {
      const res = await fetch(`${issuer}/__test/accounts`, { method: "POST", body: JSON.stringify({ ...account, next: options.next ?? true }) });
      if (res.status !== 204) throw new Error(`addAccount: ${res.status}`);
    },
    async tokenRequests() {
      return ((await (await fetch(`${issuer}/__test/stats`)).json()) as { tokenRequests: number }).tokenRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** A minimal cookie jar for driving a provider's redirects with fetch. */
export class CookieJar {
  private cookies = new Map<string, string>();
  store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/**
 * Follows the provider's redirects from `authorizeUrl`, submits its login form as
 * the chosen account, and returns the URL it finally sends the browser to (the
 * app's callback). `jar` keeps the provider's own cookies.
 */
export async function completeAtProvider(peer: OidcPeer, authorizeUrl: string, jar = new CookieJar()): Promise<URL> {
  let url = authorizeUrl;
  let method = "GET";
  let body: string | undefined;
  for (let hop = 0; hop < 15; hop++) {
    if (!url.startsWith(peer.issuer)) return new URL(url);
    const res = await fetch(url, {
      method,
      body,
      redirect: "manual",
      headers: { cookie: jar.header(), ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}) },
    });
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get("location")!, url).toString();
      method = "GET";
      body = undefined;
      continue;
    }
    const html = await res.text();
    const form = /<form method="post" action="([^"]+)"><input type="hidden" name="sub" value="([^"]+)">/.exec(html);
    if (res.status !== 200 || !form) throw new Error(`provider page ${res.status} at ${url}: ${html.slice(0, 300)}`);
    url = new URL(form[1]!, url).toString();
    method = "POST";
    body = new URLSearchParams({ sub: form[2]! }).toString();
  }
  throw new Error("too many redirects at the provider");
}
