/** OAuth / OpenID Connect sign-in (Google, Microsoft, GitHub, a generic OIDC server) and connected accounts. */
export { oauthRoutes } from "./oauth.routes";
export { configuredProviders, callbackUrl, PROVIDER_IDS, type ProviderId } from "./oauth.providers";
