import type { Config } from "../../../config/env";

/** The sign-in providers TeamFlow knows (SPEC Appendix B). */
export const PROVIDER_IDS = ["google", "microsoft", "github", "oidc"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export interface OidcProviderConfig {
  id: Exclude<ProviderId, "github">;
  kind: "oidc";
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface GithubProviderConfig {
  id: "github";
  kind: "github";
  name: string;
  /** Web origin (authorize and token endpoints) and REST API base; overridable for GitHub Enterprise and tests. */
  webUrl: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
}

export type ProviderConfig = OidcProviderConfig | GithubProviderConfig;

const trim = (url: string) => url.replace(/\/+$/, "");

/** The providers that are configured (client id and secret set), in button order. */
export function configuredProviders(config: Config): ProviderConfig[] {
  const list: ProviderConfig[] = [];
  if (config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET) {
    list.push({ id: "google", kind: "oidc", name: "Google", issuer: config.GOOGLE_ISSUER, clientId: config.GOOGLE_CLIENT_ID, clientSecret: config.GOOGLE_CLIENT_SECRET });
  }
  if (config.MICROSOFT_CLIENT_ID && config.MICROSOFT_CLIENT_SECRET) {
    list.push({ id: "microsoft", kind: "oidc", name: "Microsoft", issuer: config.MICROSOFT_ISSUER, clientId: config.MICROSOFT_CLIENT_ID, clientSecret: config.MICROSOFT_CLIENT_SECRET });
  }
  if (config.GITHUB_CLIENT_ID && config.GITHUB_CLIENT_SECRET) {
    list.push({ id: "github", kind: "github", name: "GitHub", webUrl: trim(config.GITHUB_URL), apiUrl: trim(config.GITHUB_API_URL), clientId: config.GITHUB_CLIENT_ID, clientSecret: config.GITHUB_CLIENT_SECRET });
  }
  if (config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET) {
    list.push({ id: "oidc", kind: "oidc", name: config.OIDC_NAME, issuer: config.OIDC_ISSUER, clientId: config.OIDC_CLIENT_ID, clientSecret: config.OIDC_CLIENT_SECRET });
  }
  return list;
}

/** The redirect URI to register at the provider: APP_URL/api/v1/auth/oauth/<provider>/callback. */
export const callbackUrl = (config: Config, id: ProviderId) => `${config.APP_URL}/api/v1/auth/oauth/${id}/callback`;

/** What a provider told us about the person who signed in. */
export interface ProviderProfile {
  provider: ProviderId;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
}
