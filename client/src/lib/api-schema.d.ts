/**
 * GENERATED FILE — do not edit. The API's types, from the server's OpenAPI document
 * (src/http/openapi.ts over the route definitions), by openapi-typescript.
 * Regenerate with `npm run gen:api` (`npm run typecheck` does it too) and commit the result.
 */
export interface paths {
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers (no dependency checks) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Alive */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Health"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: database, Redis and attachment storage reachable */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Readiness"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A dependency is down */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Readiness"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an account (the first account of an install also gets a workspace) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RegisterRequest"];
                };
            };
            responses: {
                /** @description Account created and signed in; sets the refresh cookie */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AuthResult"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Email already registered (CONFLICT) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description 5 consecutive failures lock the account for 15 minutes; the error message is the same for every failure.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LoginRequest"];
                };
            };
            responses: {
                /** @description Signed in; sets the refresh cookie */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AuthResult"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange the refresh cookie for a new access token (rotates the cookie)
         * @description Presenting an already-rotated refresh token revokes every session of its family, except within 10 seconds of the rotation from the same browser (user agent and address): that is two tabs racing, answered 409 CONFLICT without touching the cookie, and the client retries with the cookie it has now.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description New access token; sets the rotated refresh cookie */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["RefreshResult"];
                        };
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out this session (revokes the refresh token family, clears the cookie) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Signed out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out every session of the current user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description All sessions revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current user and their workspaces */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Current user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Me"];
                        };
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update the current user's name or time zone */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateProfileRequest"];
                };
            };
            responses: {
                /** @description Updated user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                user: components["schemas"]["User"];
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the password, or set the first one of an account made through a sign-in provider (signs out every other session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ChangePasswordRequest"];
                };
            };
            responses: {
                /** @description Password changed (or set) */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List my active personal API tokens */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Tokens (secrets are never shown again) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ApiToken"][];
                        };
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a personal API token (the secret is shown once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateApiTokenRequest"];
                };
            };
            responses: {
                /** @description Token created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["CreatedApiToken"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many active tokens (CONFLICT) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a personal API token */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The configured sign-in providers (one button each on the sign-in page) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Providers, in button order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @enum {string} */
                                id: "google" | "microsoft" | "github" | "oidc";
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oauth/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start signing in with a provider (redirects the browser to it)
         * @description Sets a short-lived encrypted cookie with the request's state, PKCE verifier and nonce, and redirects to the provider. `next` is the app path to land on afterwards (e.g. `/invite/<token>`); `connect` is a ticket from POST /auth/oauth/{provider}/connect. Problems redirect to /sign-in?oauthError=<message>.
         */
        get: {
            parameters: {
                query?: {
                    next?: string;
                    connect?: string;
                };
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description To the provider's authorization page, or back to the sign-in page with `oauthError` */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such provider id (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oauth/{provider}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the provider sends the browser back (register APP_URL/api/v1/auth/oauth/{provider}/callback at the provider)
         * @description Checks `state` against this browser's flow cookie before the code is exchanged (with the PKCE verifier; the ID token's nonce is checked too), then signs in the account linked to the provider account, or the account with the same verified email, or creates one. Issues the refresh cookie like a password sign-in and redirects into the app; every failure redirects to /sign-in?oauthError=<message> (or the profile page when connecting).
         */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    state?: string;
                    error?: string;
                    error_description?: string;
                    error_uri?: string;
                    iss?: string;
                    scope?: string;
                    session_state?: string;
                    authuser?: string;
                    hd?: string;
                    prompt?: string;
                };
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Into the app (signed in), or back to the sign-in page with `oauthError` */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No such provider id (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oauth/{provider}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start connecting a provider account to the signed-in user
         * @description Returns the URL to open in the browser (valid for 2 minutes); it continues like a sign-in and ends on the profile page.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description URL to navigate to */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                url: string;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Provider not configured (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/identities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My connected accounts (sign-in providers) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Connected accounts, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                identities: {
                                    /** Format: uuid */
                                    id: string;
                                    /** @enum {string} */
                                    provider: "google" | "microsoft" | "github" | "oidc";
                                    providerName: string;
                                    email: string | null;
                                    emailVerified: boolean;
                                    createdAt: string;
                                    lastUsedAt: string;
                                }[];
                                hasPassword: boolean;
                            };
                        };
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/identities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Disconnect a connected account
         * @description Refused with 409 CONFLICT when it is the last way to sign in (no password and no other connected account).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Disconnected */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not one of my connected accounts (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Last way to sign in (CONFLICT) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the workspaces I belong to */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Workspaces with my role */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Workspace"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a workspace (I become its owner) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateWorkspaceRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Workspace"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many owned workspaces */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a workspace */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Workspace */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WorkspaceDetail"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a workspace and everything in it (owner) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename a workspace (owner) or change its settings (admin+: holdExpiryHours)
         * @description Send `version` (or an If-Match header) to fail with 409 if someone changed it meanwhile. `holdExpiryHours` is the default length of new holds (null = they never expire by default).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateWorkspaceRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Workspace"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version; body has the current workspace */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/workspaces/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List members */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    /** @description Filter by name or email */
                    q?: string;
                    role?: components["schemas"]["WorkspaceRole"];
                    sort?: "name" | "-name" | "joinedAt" | "-joinedAt";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Members */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Member"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a member, or leave (your own user id) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Would leave the workspace without an owner */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a member's role (owner/admin; only owners grant OWNER) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateMemberRequest"];
                };
            };
            responses: {
                /** @description Updated member */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Member"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Would leave the workspace without an owner */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/workspaces/{id}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List invitations (owner/admin) */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    status?: "pending" | "all";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Invitations */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Invitation"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Invite someone by email (owner/admin)
         * @description The response carries `acceptUrl`, the link to share; it is never shown again.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateInvitationRequest"];
                };
            };
            responses: {
                /** @description Invitation created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["CreatedInvitation"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Already a member or already invited */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a pending invitation (owner/admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not pending any more */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Preview an invitation by its token (no sign-in needed) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Invitation */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["InvitationPreview"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{token}/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation (signed in with the invited email) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Joined */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AcceptedInvitation"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Expired, revoked or declined */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{token}/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline an invitation */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Declined */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Already accepted, expired or revoked */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What changed in a workspace since a time (reconnect catch-up feed)
         * @description Oldest first. Follow `meta.nextCursor` (pass it as `cursor`) until it is null.
         */
        get: {
            parameters: {
                query: {
                    workspaceId: string;
                    since?: string;
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Activity entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Activity"][];
                            meta: {
                                nextCursor: string | null;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not a member of the workspace */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My notifications, newest first, with the unread count */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    unread?: "true" | "false";
                    workspaceId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Notifications */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Notification"][];
                            meta: components["schemas"]["PaginationMeta"] & {
                                unreadCount: number;
                            };
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a notification read */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The notification */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Notification"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark all my notifications read (optionally of one workspace) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        workspaceId?: string;
                    };
                };
            };
            responses: {
                /** @description How many were marked */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                updated: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My notification preferences per type and channel */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One entry per type */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["NotificationPreference"][];
                        };
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Set notification preferences (the types sent; others unchanged) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateNotificationPreferencesRequest"];
                };
            };
            responses: {
                /** @description All preferences */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["NotificationPreference"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open the queue dashboard: sets a short-lived admin cookie for /admin (install admins)
         * @description The web app keeps the access token in memory, so a browser tab opening /admin/queues needs this cookie.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Cookie set */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                url: string;
                                expiresIn: number;
                            };
                        };
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/jobs/failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Jobs that used up their retries, newest first (install admins) */
        get: {
            parameters: {
                query: {
                    queue: "email" | "notifications" | "maintenance" | "analytics" | "files" | "ai" | "webhooks";
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Failed jobs */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["FailedJob"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List projects (archived ones only when asked) */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    /** @description Only this status (ARCHIVED lists archived projects) */
                    status?: components["schemas"]["ProjectStatus"] & unknown;
                    includeArchived?: "true" | "false";
                    /** @description Search name or key */
                    q?: string;
                    leadId?: string;
                    sort?: "name" | "-name" | "key" | "-key" | "createdAt" | "-createdAt" | "updatedAt" | "-updatedAt";
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Projects */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Project"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a project (owner, admin, member) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateProjectRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Project"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Key already used in this workspace */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a project */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Project */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Project"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a project and everything in it (owner, admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a project (owner, admin)
         * @description Send `version` (or If-Match) to get 409 with the current project when someone changed it meanwhile.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateProjectRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Project"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version or key in use */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/projects/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a project (owner, admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Archived */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Project"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore an archived project (owner, admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Restored */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Project"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move, assign, close or delete up to 100 tasks in one transaction (all or nothing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BulkTasksRequest"];
                };
            };
            responses: {
                /** @description The tasks after the change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Task"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Some ids not found; nothing changed */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{projectId}/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tasks of a project (board and list views), filtered and sorted */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    /** @description One status or several, comma-separated (e.g. TODO,IN_PROGRESS) */
                    status?: string;
                    assigneeId?: string;
                    labelId?: string;
                    /** @description A sprint id, or none for the backlog */
                    sprintId?: string | "none";
                    priority?: components["schemas"]["TaskPriority"];
                    dueBefore?: string;
                    dueAfter?: string;
                    /** @description Words in the title or description */
                    q?: string;
                    parentId?: string;
                    sort?: "position" | "-createdAt" | "createdAt" | "dueDate" | "-dueDate" | "priority" | "-priority" | "number" | "-number" | "-updatedAt";
                };
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Tasks */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Task"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a task in a project */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    projectId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateTaskRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Task"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My tasks: personal tasks I created plus tasks assigned to me */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    /** @description One status or several, comma-separated (e.g. TODO,IN_PROGRESS) */
                    status?: string;
                    assigneeId?: string;
                    labelId?: string;
                    /** @description A sprint id, or none for the backlog */
                    sprintId?: string | "none";
                    priority?: components["schemas"]["TaskPriority"];
                    dueBefore?: string;
                    dueAfter?: string;
                    /** @description Words in the title or description */
                    q?: string;
                    parentId?: string;
                    sort?: "position" | "-createdAt" | "createdAt" | "dueDate" | "-dueDate" | "priority" | "-priority" | "number" | "-number" | "-updatedAt";
                    workspaceId?: string;
                    projectId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Tasks */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Task"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a task: personal (no projectId — private to you) or in a project (projectId)
         * @description With `projectId` the task goes into that project (`workspaceId`, if also sent, must be the project's). Without it the task is personal: it lives in `workspaceId` when given, else in your first workspace (the one you joined earliest, listed first by GET /auth/me), so `{"title": "Buy stamps"}` alone works. If you are in no workspace yet, the answer is 409: create or join one first.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateMyTaskRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Task"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No workspace to put a personal task in (you are in none yet), or the project is archived (CONFLICT) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a task */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Task */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Task"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a task (soft; restorable) — admins or its creator */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a task (requires the version you read)
         * @description Send `version` in the body or as If-Match. A stale version answers 409 with the current task in `error.current`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateTaskRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Task"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/tasks/{id}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a card to a column, between two neighbours (writes one row) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["MoveTaskRequest"];
                };
            };
            responses: {
                /** @description Moved */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Task"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a deleted task */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Restored */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Task"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not deleted */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Comments of a task, oldest first */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Comments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Comment"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Comment on a task (markdown; mention members as <@userId>) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateCommentRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Comment"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/comments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a comment (mine, or any as owner/admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Edit my comment */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateCommentRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Comment"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version (body or If-Match): the current comment is in `error.current` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/tasks/{id}/watch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether I watch a task, and who does */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Watch state */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                watching: boolean;
                                watcherIds: string[];
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Watch or unwatch a task (watchers are told about comments) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["WatchRequest"];
                };
            };
            responses: {
                /** @description Watch state */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                watching: boolean;
                                watcherIds: string[];
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Everything that happened to a task (fields with before/after, comments), oldest first */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Activity */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Activity"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/labels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Labels of a workspace */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Labels */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Label"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a label */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateLabelRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Label"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Name in use */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/labels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a label (removes it from every task; owner/admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename or recolour a label */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateLabelRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Label"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Name in use, or a stale version (body or If-Match): the current label is in `error.current` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Full-text search of tasks and comments, ranked
         * @description Query syntax as in web search: words, "quoted phrases", -excluded, or.
         */
        get: {
            parameters: {
                query: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    q: string;
                    type?: "all" | "task" | "comment";
                    projectId?: string;
                    status?: components["schemas"]["TaskStatus"];
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Hits, best first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["SearchHit"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/sprints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sprints of a project (active first, then planned, then completed) */
        get: {
            parameters: {
                query?: {
                    status?: components["schemas"]["SprintStatus"];
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Sprints */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Sprint"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Plan a sprint (owner, admin, member) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateSprintRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Sprint"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sprints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a planned sprint (its tasks go back to the backlog) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Only planned sprints can be deleted */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, set the goal or the dates of a sprint */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateSprintRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Sprint"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version (body or If-Match): the current sprint is in `error.current` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/sprints/{id}/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a planned sprint (one active sprint per project) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Started */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Sprint"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Another sprint is active, or not planned */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sprints/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete the active sprint; unfinished tasks move to a planned sprint or the backlog */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CompleteSprintRequest"];
                };
            };
            responses: {
                /** @description Completed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Sprint"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not active */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/timeline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The project's Gantt in one call: phases, milestones and the project's live bookings (artist, status, hold rank) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Timeline */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ProjectTimeline"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/timeline/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The project's Gantt as a PDF (A4 landscape: phases with progress and dependencies, milestones, booked artists' lanes, today)
         * @description `format=pdf` (the only format; PNG is drawn by the web app). Answers application/pdf as an attachment `<key>-timeline-<date>.pdf`. Names outside Latin-1 print as `?` (the standard PDF fonts).
         */
        get: {
            parameters: {
                query?: {
                    format?: "pdf";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The PDF (application/pdf) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/phases": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Phases of a project, in order */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Phases */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Phase"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a phase at the end (owner, admin, member); `dependsOn` names phases of the same project */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreatePhaseRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Phase"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/phases/reorder": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Put the project's phases in a new order (every phase once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ReorderPhasesRequest"];
                };
            };
            responses: {
                /** @description The phases in their new order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Phase"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/phases/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a phase (its dependencies go, its milestones stay without a phase) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename, move, resize, set progress, colour or dependencies of a phase
         * @description A dependency cycle answers 409 with the phases of the cycle in `details`. A dependency this phase starts too early for is not refused: it is listed in `lateDependencies`. With `shiftDependents: true` every phase depending on this one, directly or not, moves by as many days as this phase's end moved, in the same transaction; they are in `meta.shifted`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdatePhaseRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Phase"];
                            meta: {
                                shifted: components["schemas"]["Phase"][];
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version (the current phase is in `error.current`), or the dependencies would make a cycle (its phases in `details`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/projects/{id}/milestones": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Milestones of a project, by date */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Milestones */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Milestone"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a milestone (optionally on a phase of the project) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateMilestoneRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Milestone"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/milestones/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a milestone */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, move, tick off a milestone or change its phase */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateMilestoneRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Milestone"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version (body or If-Match): the current milestone is in `error.current` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/projects/{id}/artifacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Artifacts of a project, last changed first (filter by type, thread, title) */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    type?: components["schemas"]["ArtifactType"];
                    threadId?: string;
                    /** @description Part of the title */
                    q?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Artifacts (without their content) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ArtifactSummary"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create an artifact (owner, admin, member); it is version 1 */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateArtifactRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Artifact"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/artifacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An artifact with its current content */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The artifact */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Artifact"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an artifact and its versions */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Edit an artifact's title, content or type: a new version
         * @description `version` (body or If-Match) is required; a stale one answers 409 with the current artifact in `error.current`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateArtifactRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Artifact"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/artifacts/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An artifact's versions, newest first (without their content) */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Versions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ArtifactVersionSummary"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/artifacts/{id}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of an artifact, with its content */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description A version number: 1, 2, … */
                    version: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The version */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ArtifactVersion"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/artifacts/{id}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Line diff between two versions (hunks and a unified diff) */
        get: {
            parameters: {
                query: {
                    from: number;
                    to: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The diff from `from` to `to` */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ArtifactDiff"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/artifacts/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an artifact as Markdown, PDF or Word (DOCX)
         * @description All three are made from one Markdown syntax tree (CommonMark + GFM). `md` is the content normalised. The PDF uses the standard PDF fonts, which cover Latin-1 (WinAnsi) only: other characters are printed as `?`. The file name comes from the title (`filename*` in UTF-8, with an ASCII `filename` fallback).
         */
        get: {
            parameters: {
                query: {
                    format: "md" | "pdf" | "docx";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file (text/markdown, application/pdf or the DOCX type), as an attachment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Project dashboard numbers: tasks by status, overdue, completed this week, velocity of the last 3 sprints, burndown of the active sprint */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Numbers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ProjectStats"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Workspace dashboard numbers: tasks by status, overdue, completed per week, velocity, open tasks per project
         * @description Counts the live tasks of the workspace's projects that are not archived. Personal tasks are never counted: other members' are private, and the caller's own are left out too so every member sees the same team numbers. Weeks run from Monday 00:00 UTC. Velocity is the story points done in each of the last 8 completed sprints across the projects (recorded when each sprint was completed). Any member, viewers included.
         */
        get: {
            parameters: {
                query?: {
                    /** @description How many weeks `completedPerWeek` covers, the current week last (default 8) */
                    weeks?: number;
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Numbers */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WorkspaceStats"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/artists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List artists (search, skill and active filters) */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    /** @description Search name, title or email */
                    q?: string;
                    /** @description Only artists with this skill (case does not matter) */
                    skill?: string;
                    /** @description Only active (true) or inactive (false) artists */
                    active?: "true" | "false";
                    /** @description Only the artist linked to this member (`me`: the caller) — how a member finds their own artist profile */
                    userId?: "me" | string;
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Artists by name */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Artist"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add an artist (owner, admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateArtistRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Artist"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The linked member is already another artist */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/artist-skills": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The skills of the workspace's artists, most common first
         * @description Skills compare without case: `Compositing` and `compositing` are one skill, shown in its most used spelling. For skill filters and suggestions.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Skills with their artist counts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WorkspaceSkill"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/artists/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an artist */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Artist */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Artist"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an artist who was never booked (owner, admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The artist has bookings: deactivate it instead */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change an artist (owner, admin)
         * @description Send `version` (or If-Match) to get 409 with the current artist when someone changed it meanwhile.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateArtistRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Artist"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version, or the linked member is already another artist */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/artists/{id}/working-hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The artist's weekly working hours (in the artist's timezone) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ranges by weekday and start */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WorkingHours"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Replace the artist's week of working hours (owner, admin, the artist's own user)
         * @description Several ranges per weekday are allowed; they must not overlap. An artist without working hours can be booked at any time.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PutWorkingHoursRequest"];
                };
            };
            responses: {
                /** @description The week as stored */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WorkingHours"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/artists/{id}/time-off": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The artist's time off (whole days, inclusive) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Time off by start date */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["TimeOff"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add time off (owner, admin, the artist's own user) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateTimeOffRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["TimeOff"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/time-off/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove time off (owner, admin, the artist's own user) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/artists/{id}/calendar-token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create the artist's secret calendar feed URL, replacing the old one (owner, admin, the artist's own user)
         * @description Only the secret's SHA-256 is stored: the URL is shown in this answer and never again. The previous URL stops working at once.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The new feed URL */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["CalendarFeedUrl"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Revoke the artist's calendar feed (owner, admin, the artist's own user) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked: the feed URL answers 404 from now on */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/artists/{id}/calendar.ics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The artist's bookings as an iCalendar feed (no login: the secret token of the URL)
         * @description text/calendar; charset=utf-8. One event per hold, pencil and confirmed booking from 30 days ago on, and per booking cancelled, released or declined in the last 30 days (STATUS:CANCELLED, so calendar apps remove it). UID `booking-<id>@teamflow`, DTSTART/DTEND in UTC, SEQUENCE grows with every change. A wrong, missing or revoked token answers 404.
         */
        get: {
            parameters: {
                query?: {
                    /** @description The secret of the feed URL */
                    token?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The feed, as text/calendar */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/bookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List bookings (filters artistId, projectId, status, from/to), by start */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    status?: components["schemas"]["BookingStatus"];
                    /** @description Bookings ending after this instant */
                    from?: string;
                    /** @description Bookings starting before this instant */
                    to?: string;
                    artistId?: string;
                    projectId?: string;
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Bookings, each with its holdRank */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Booking"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Book an artist: HOLD (default), PENCIL or CONFIRMED (owner, admin, member)
         * @description Holds may overlap and are ranked by creation; pencilled and confirmed bookings of one artist never overlap ([start, end): touching is fine).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateBookingRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Booking"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description An overlapping pencilled or confirmed booking of the artist (its id, artistId, start, end and status in `details`), or the artist is not available then without `force: true` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/artists/{id}/bookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An artist's bookings (filters projectId, status, from/to), by start */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    status?: components["schemas"]["BookingStatus"];
                    /** @description Bookings ending after this instant */
                    from?: string;
                    /** @description Bookings starting before this instant */
                    to?: string;
                    projectId?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Bookings, each with its holdRank */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Booking"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/bookings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A project's bookings (filters artistId, status, from/to), by start, with the booked cost
         * @description `meta.bookedCost`: per currency, day rate × booked days of the project's pencilled and confirmed bookings (a day = any part of a calendar day in the artist's timezone, once per artist and day); `meta.bookedHours`: the hours of those bookings; both whatever the filters and page.
         */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    status?: components["schemas"]["BookingStatus"];
                    /** @description Bookings ending after this instant */
                    from?: string;
                    /** @description Bookings starting before this instant */
                    to?: string;
                    artistId?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Bookings and the booked cost */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProjectBookingsList"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bookings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a booking */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Booking */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Booking"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Cancel a booking (owner, admin, member); the booking and its history stay */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cancelled booking */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Booking"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Already final (details: the statuses allowed, none), or a stale If-Match */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Move, resize or edit a booking (owner, admin, member)
         * @description Send `version` (or If-Match) to get 409 with the current booking when someone changed it meanwhile. Final bookings (cancelled, released, declined) do not change.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateBookingRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Booking"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version, a final booking, or An overlapping pencilled or confirmed booking of the artist (its id, artistId, start, end and status in `details`), or the artist is not available then without `force: true` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/bookings/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A booking's history (created, moved, updated, status changed, cancelled, responded), oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["BookingEvent"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bookings/{id}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change a booking's status (owner, admin, member)
         * @description HOLD→PENCIL|CONFIRMED|RELEASED|CANCELLED, PENCIL→CONFIRMED|HOLD|CANCELLED|DECLINED, CONFIRMED→CANCELLED|DECLINED. Promoting a hold that is not first needs an admin and `force: true`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ChangeBookingStatusRequest"];
                };
            };
            responses: {
                /** @description Changed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Booking"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A refused transition (details: every status allowed from the current one), a stale version, or An overlapping pencilled or confirmed booking of the artist (its id, artistId, start, end and status in `details`), or the artist is not available then without `force: true` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bookings/{id}/respond": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept (→ CONFIRMED) or decline (→ DECLINED) a booking: the artist's own user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RespondToBookingRequest"];
                };
            };
            responses: {
                /** @description Answered */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Booking"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not the artist's user */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A refused transition, or An overlapping pencilled or confirmed booking of the artist (its id, artistId, start, end and status in `details`), or the artist is not available then without `force: true` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The resource calendar over [from, to) (at most 62 days): artists with working hours and time off, and their bookings
         * @description Artists by name (active only unless includeInactive=true; filters skill, q on the name, artistId list; at most 500, `meta.truncated` when more matched), each with working hours and the time off overlapping the range; bookings of those artists overlapping [from, to) with the statuses asked for (default HOLD,PENCIL,CONFIRMED) and, with projectId, of that project only — each as GET /bookings/:id shows it (holdRank included) plus projectName and artistName. Not paginated.
         */
        get: {
            parameters: {
                query: {
                    /** @description Start of the range (inclusive), an ISO 8601 date-time */
                    from: string;
                    /** @description End of the range (exclusive); after from, at most 62 days later */
                    to: string;
                    /** @description Only artists with this skill (case does not matter) */
                    skill?: string;
                    /** @description Only bookings of this project (the artists are not filtered) */
                    projectId?: string;
                    /** @description Booking statuses, comma-separated (default HOLD,PENCIL,CONFIRMED) */
                    status?: string;
                    /** @description Only these artists: ids, comma-separated (at most 500) */
                    artistId?: string;
                    /** @description Words in the artist's name (case-insensitive) */
                    q?: string;
                    /** @description Include inactive artists (default false: active only) */
                    includeInactive?: "true" | "false";
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The calendar */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Calendar"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/artists/{id}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An artist's free and busy time over a range (at most 366 days)
         * @description Free = working hours in the artist's timezone (DST-correct; all the time for an artist without working hours) minus time off (whole local days) minus busy. Busy = pencilled and confirmed bookings; holds only with includeHolds=true (holds may overlap and do not block a firm booking).
         */
        get: {
            parameters: {
                query: {
                    /** @description Start (inclusive): a date-time, or a date = its midnight in the artist's timezone */
                    from: string;
                    /** @description End: a date-time (exclusive), or a date (inclusive: up to the midnight after it in the artist's timezone); after from, at most 366 days later */
                    to: string;
                    /** @description Count holds as busy too (default false: holds may overlap and do not block a firm booking, SPEC §4.5) */
                    includeHolds?: "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Free and busy intervals */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Availability"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/availability/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check several artists' availability at once, with conflicts and the next free slot
         * @description Per artist: whether [start, end) is free (working hours, no time off, no pencilled or confirmed booking; holds too with includeHolds), the bookings in the way, and the next free slot of `durationMinutes` (default end − start) within 30 days. An artist id that is not this workspace's answers 404.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CheckAvailabilityRequest"];
                };
            };
            responses: {
                /** @description One entry per artist id, in the order sent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AvailabilityCheck"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/bookings/check-availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check several artists' availability at once (the SPEC Appendix B path; same as /availability/check)
         * @description Per artist: whether [start, end) is free (working hours, no time off, no pencilled or confirmed booking; holds too with includeHolds), the bookings in the way, and the next free slot of `durationMinutes` (default end − start) within 30 days. An artist id that is not this workspace's answers 404.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CheckAvailabilityRequest"];
                };
            };
            responses: {
                /** @description One entry per artist id, in the order sent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AvailabilityCheck"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/reports/utilisation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Utilisation per artist and ISO week: available, confirmed, pencil, hold, used and overbooked hours (JSON or CSV)
         * @description Per artist (active ones, and inactive ones with bookings in the range) and ISO week (Monday to Sunday, clipped to [from, to]; days are dates in the artist's timezone, DST-correct): availableHours = working hours − time off; confirmed/pencil/hold hours of the bookings inside the week (a booking spanning weeks is split); usedHours = confirmed + pencil (+ hold with includeHolds=true); overbookedHours = max(0, used − available); utilisation = used / available (null when nothing is available). `format=csv` or `Accept: text/csv` answers text/csv (one row per artist and week) as an attachment `utilisation-<from>-<to>.csv`.
         */
        get: {
            parameters: {
                query: {
                    /** @description First day (inclusive), YYYY-MM-DD; days are dates in each artist's timezone */
                    from: string;
                    /** @description Last day (inclusive), YYYY-MM-DD; not before from, and the range spans at most 53 ISO weeks */
                    to: string;
                    /** @description Count holds as used time too (default false: holds are tentative and only shown as holdHours) */
                    includeHolds?: "true" | "false";
                    /** @description Only these artists of the workspace: repeat the parameter or separate ids with commas (at most 100); an id that is not this workspace's answers 404 */
                    artistId?: string;
                    /** @description Only artists with this skill (case does not matter) */
                    skill?: string;
                    /** @description csv: the same figures as text/csv, one row per artist and week (also chosen by Accept: text/csv) */
                    format?: "json" | "csv";
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The report (or, for CSV, text/csv with the same figures) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["UtilisationReport"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/job-listings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Job listings of the workspace, newest first (status, q, skill filters; member and up) */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    status?: components["schemas"]["JobListingStatus"];
                    /** @description Search title and description */
                    q?: string;
                    /** @description Listings asking for this skill (any spelling) */
                    skill?: string;
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Listings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobListing"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Post a job listing (owner, admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateJobListingRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobListing"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/job-listings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A job listing with its application counts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Listing */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobListing"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a listing and its applications (owner, admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Edit, open or close, publish or unpublish a listing (owner, admin) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateJobListingRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobListing"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version (body or If-Match): the current listing is in `error.current` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/job-listings/{id}/applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Applications of a listing by status and board position */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    status?: components["schemas"]["JobApplicationStatus"];
                    /** @description Only the caller's own application (an artist user applying from inside) */
                    mine?: "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Applications */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobApplication"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Apply from inside (a signed-in artist of the workspace; once per listing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ApplyToJobListingRequest"];
                };
            };
            responses: {
                /** @description Applied */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobApplication"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Closed listing, or you already applied */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/applications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An application (members and up, and the applicant) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Application */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobApplication"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Move an application on the board: status (allowed transitions only) and/or position (owner, admin) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["MoveJobApplicationRequest"];
                };
            };
            responses: {
                /** @description Moved */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobApplication"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Transition not allowed (`details` list the allowed statuses), or stale version */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/applications/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw your own application */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Withdrawn */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobApplication"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Already decided */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/applications/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The application's history, oldest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description History */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobApplicationEvent"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/applications/{id}/hire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Hire: link or create the artist, mark HIRED, and optionally pencil them on the listing's project, in one transaction (owner, admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["HireJobApplicantRequest"];
                };
            };
            responses: {
                /** @description Hired */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["JobHireResult"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The artist is already booked then (the booking in the way in `details`; nothing was changed), not available, or the status does not allow hiring */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/public/job-listings/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A public, open job listing (no sign-in) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Listing id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Listing */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["PublicJobListing"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown, not public or closed (the same answer for each) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/public/job-listings/{id}/applications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply through the public page (no sign-in; rate limited; honeypot field `website`)
         * @description Answers 201 `{received: true}`; the applicant gets an email confirmation when email is configured.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Listing id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PublicJobApplicationRequest"];
                };
            };
            responses: {
                /** @description Received */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["PublicJobApplicationReceipt"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown, not public or closed (the same answer for each) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many applications from this address */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload files to a task, comment, project or booking
         * @description multipart/form-data: the text fields `entityType` (task|comment|project|booking) and `entityId` first (permission and entity are checked before any byte is stored), then one to ten parts named `file`. All or nothing: if one file is refused, nothing is stored. The type is decided on the bytes and must agree with the extension (images, PDF, Office/OpenDocument, ZIP, audio, video; .txt/.md/.csv/.json/.log/.srt/.vtt as UTF-8 text); HTML, SVG, XML, scripts and executables are refused whatever the name (415). File names keep their Unicode; directory parts and control characters are removed. Limits (configuration): UPLOAD_MAX_FILE_MB per file, UPLOAD_MAX_ENTITY_MB for all the attachments of one item (a task counts with its comments), UPLOAD_WORKSPACE_QUOTA_MB per workspace; over one → 413 PAYLOAD_TOO_LARGE naming it, with `error.limit: {kind, bytes}`, even mid-stream. Rate limit: RATE_LIMIT_UPLOADS_PER_HOUR uploads per user and hour (429).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": components["schemas"]["AttachmentUpload"];
                };
            };
            responses: {
                /** @description The stored attachments, in the order sent */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Attachment"][];
                        };
                    };
                };
                /** @description Missing or unknown entityType, bad entityId, no file part, more than ten files, an empty file, a truncated multipart body (VALIDATION_ERROR) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role cannot attach files (a VIEWER) (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The entity does not exist or is in a workspace the caller is not in (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Over a limit: per file, per item or the workspace quota; `error.limit` says which (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not multipart/form-data, a type that is not allowed, or bytes that disagree with the extension (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Attachments of a task, newest first
         * @description The task's attachments for the caller, with signed links (download, preview, thumbnail) that work without the Bearer header. Visible to whoever may read the task (GET /tasks/{id}); another workspace's task → 404. `meta.totalBytes` is the size of everything listed (all pages), `meta.limits` the upload limits in bytes. `includeComments=true` adds the attachments of the task's comments.
         */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (default 50, max 100) */
                    perPage?: number;
                    /** @description Also the attachments of the task's comments */
                    includeComments?: "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Attachments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AttachmentList"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/comments/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Attachments of a comment, newest first
         * @description The comment's attachments for the caller, with signed links (download, preview, thumbnail) that work without the Bearer header. Visible to whoever may read the comment (GET /comments/{id}); another workspace's comment → 404. `meta.totalBytes` is the size of everything listed (all pages), `meta.limits` the upload limits in bytes.
         */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (default 50, max 100) */
                    perPage?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Attachments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AttachmentList"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Attachments of a project, newest first
         * @description The project's attachments for the caller, with signed links (download, preview, thumbnail) that work without the Bearer header. Visible to whoever may read the project (GET /projects/{id}); another workspace's project → 404. `meta.totalBytes` is the size of everything listed (all pages), `meta.limits` the upload limits in bytes.
         */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (default 50, max 100) */
                    perPage?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Attachments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AttachmentList"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bookings/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Attachments of a booking, newest first
         * @description The booking's attachments for the caller, with signed links (download, preview, thumbnail) that work without the Bearer header. Visible to whoever may read the booking (GET /bookings/{id}); another workspace's booking → 404. `meta.totalBytes` is the size of everything listed (all pages), `meta.limits` the upload limits in bytes.
         */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (default 50, max 100) */
                    perPage?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Attachments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AttachmentList"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/attachments/{id}/details": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One attachment, with fresh signed links
         * @description What the web app uses to resolve `attachment:<id>` links in markdown. Visible to whoever may read the attachment's entity; otherwise 404.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The attachment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Attachment"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/attachments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an attachment's bytes (Bearer or signed link)
         * @description Authenticated by the Bearer header or by the signed query (`u`, `exp`, `sig`) of the attachment's `urls`; either way the user must be able to read the attachment's entity now. `inline=1` shows images (png, jpeg, gif, webp) and PDF inline; everything else is always `Content-Disposition: attachment`. Text is served as text/plain; charset=utf-8, never text/html; always `X-Content-Type-Options: nosniff` and `Content-Security-Policy: sandbox; default-src 'none'` (plus what an image or the PDF viewer needs). ETag is the SHA-256 (If-None-Match → 304). With S3 and S3_PROXY_DOWNLOADS=false: 302 to a short-lived presigned URL with the same type and disposition.
         */
        get: {
            parameters: {
                query?: {
                    /** @description 1: show inline (images and PDF only; everything else is always a download) */
                    inline?: "0" | "1" | "true" | "false";
                    /** @description Signed link: the user it was made for */
                    u?: string;
                    /** @description Signed link: expiry (unix seconds) */
                    exp?: number;
                    /** @description Signed link: signature */
                    sig?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The bytes (Content-Type of the file) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Redirect to a presigned URL of the object store */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not modified (If-None-Match) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No Bearer token and no valid signed link (missing, tampered with, for another file, or expired) (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The file is being scanned for viruses, or was found infected and deleted (CONFLICT) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete an attachment (its uploader, or an owner or admin)
         * @description Removes the attachment (with an activity entry on its task or project), then its stored bytes and thumbnail. Others get 403; an attachment the caller cannot see, 404.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/attachments/{id}/thumbnail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An image attachment's WebP thumbnail (Bearer or signed link)
         * @description Same authentication and headers as the download, always inline; 404 while no thumbnail is ready (`thumbnail` is not "ready").
         */
        get: {
            parameters: {
                query?: {
                    /** @description Signed link: the user it was made for */
                    u?: string;
                    /** @description Signed link: expiry (unix seconds) */
                    exp?: number;
                    /** @description Signed link: signature */
                    sig?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The thumbnail (image/webp) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not modified (If-None-Match) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No Bearer token and no valid signed link (missing, tampered with, for another file, or expired) (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The file is being scanned for viruses, or was found infected and deleted (CONFLICT) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Documents of a project, newest first
         * @description Filter by `status` and by part of the name (`q`). Visible to members of the project's workspace; another workspace's project → 404.
         */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    status?: components["schemas"]["DocumentStatus"];
                    /** @description Part of the name */
                    q?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Documents */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DocumentList"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a document: upload a file (multipart) or send its text (JSON)
         * @description multipart/form-data with one part `file` (.txt, .md, .pdf, .docx; the type is decided on the bytes; streamed through the files pipeline: UPLOAD_MAX_FILE_MB at most and the workspace quota → 413, the upload rate limit → 429; stored encrypted until extracted): answered 201 with status `pending`; the text is extracted by a job (progress and the outcome arrive as `document.progress`, `document.ready` or `document.failed` events in the project's room). Or JSON `{name, content}`: ready at once. The text is encrypted at rest (AES-256-GCM); its passages' full-text index is not. Owners, admins and members; a viewer → 403.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateDocumentRequest"];
                    "multipart/form-data": components["schemas"]["DocumentUpload"];
                };
            };
            responses: {
                /** @description The document */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Document"];
                        };
                    };
                };
                /** @description No file part, an empty file, a bad name or content (VALIDATION_ERROR) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description A viewer (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Larger than UPLOAD_MAX_FILE_MB, or over the workspace's UPLOAD_WORKSPACE_QUOTA_MB (attachments and documents count) (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not .txt/.md/.pdf/.docx on its bytes, or neither JSON nor multipart (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Over RATE_LIMIT_UPLOADS_PER_HOUR multipart uploads (the attachments' limit, per user) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/documents/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Full-text search of a project's ready documents, best passages first
         * @description PostgreSQL full-text search (web search syntax: words, "a phrase", -word, or). Each hit is a passage with `highlight`: HTML-escaped text with the matches in <mark>.
         */
        get: {
            parameters: {
                query: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    q: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Passages */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DocumentSearchResult"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/documents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A document with its decrypted text and its passages */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The document */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["DocumentWithContent"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a document and its passages (owner, admin, or its uploader) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which AI providers are configured (never their keys) and reachable (probed at most once a minute)
         * @description Answers 200 with `configured: false` and a message naming the AI_* variables when no provider is configured.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Status */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                configured: boolean;
                                providers: {
                                    /** @enum {string} */
                                    role: "primary" | "fallback";
                                    /** @enum {string} */
                                    kind: "openai" | "openai-compatible" | "anthropic";
                                    model: string;
                                    baseUrl: string;
                                    reachable: boolean | null;
                                    checkedAt: string | null;
                                    error?: string;
                                }[];
                                message?: string;
                            };
                        };
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{id}/ai/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * AI usage of a month: totals, per day, feature, model and user, and the budget (members)
         * @description Usage is recorded whether or not a provider is configured now; the rows name the provider and model that answered.
         */
        get: {
            parameters: {
                query?: {
                    /** @description YYYY-MM (UTC); default this month */
                    month?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Usage */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                month: string;
                                currency: string;
                                totals: {
                                    calls: number;
                                    cacheHits: number;
                                    fallbackCalls: number;
                                    estimatedCalls: number;
                                    /** @description Calls of models the price table does not know (counted at 0) */
                                    unpricedCalls: number;
                                    inputTokens: number;
                                    outputTokens: number;
                                    cost: number;
                                    costMicros: number;
                                };
                                perDay: {
                                    calls: number;
                                    cacheHits: number;
                                    fallbackCalls: number;
                                    estimatedCalls: number;
                                    /** @description Calls of models the price table does not know (counted at 0) */
                                    unpricedCalls: number;
                                    inputTokens: number;
                                    outputTokens: number;
                                    cost: number;
                                    costMicros: number;
                                    day: string;
                                }[];
                                perFeature: {
                                    calls: number;
                                    cacheHits: number;
                                    fallbackCalls: number;
                                    estimatedCalls: number;
                                    /** @description Calls of models the price table does not know (counted at 0) */
                                    unpricedCalls: number;
                                    inputTokens: number;
                                    outputTokens: number;
                                    cost: number;
                                    costMicros: number;
                                    feature: string;
                                }[];
                                perModel: {
                                    calls: number;
                                    cacheHits: number;
                                    fallbackCalls: number;
                                    estimatedCalls: number;
                                    /** @description Calls of models the price table does not know (counted at 0) */
                                    unpricedCalls: number;
                                    inputTokens: number;
                                    outputTokens: number;
                                    cost: number;
                                    costMicros: number;
                                    provider: string;
                                    model: string;
                                    priced: boolean;
                                }[];
                                perUser: {
                                    calls: number;
                                    cacheHits: number;
                                    fallbackCalls: number;
                                    estimatedCalls: number;
                                    /** @description Calls of models the price table does not know (counted at 0) */
                                    unpricedCalls: number;
                                    inputTokens: number;
                                    outputTokens: number;
                                    cost: number;
                                    costMicros: number;
                                    userId: string | null;
                                    name: string;
                                }[];
                                budget: {
                                    month: string;
                                    budget: {
                                        amount: number;
                                        currency: string;
                                    } | null;
                                    spent: number;
                                    reserved: number;
                                    remaining: number | null;
                                    currency: string;
                                    warnedAt: string | null;
                                };
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{id}/ai/budget": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the workspace's monthly AI budget, or remove it with amount null (owners) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Monthly budget in the currency; null removes it */
                        amount: number | null;
                        /**
                         * @description Must be the server's AI_CURRENCY (default USD)
                         * @example USD
                         */
                        currency?: string;
                    };
                };
            };
            responses: {
                /** @description The budget and this month's spend */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                month: string;
                                budget: {
                                    amount: number;
                                    currency: string;
                                } | null;
                                spent: number;
                                reserved: number;
                                remaining: number | null;
                                currency: string;
                                warnedAt: string | null;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/ai-breakdown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask the AI to break the task into 3–10 suggested subtasks (a job on queue ai; nothing is created until applied)
         * @description Answers 202 with the job id; follow it with GET /jobs/:id. While your breakdown of this task is queued or running, asking again answers the same job. Needs the right to change the task. 429 AI_BUDGET_EXCEEDED when this month's budget is already spent; budget, the hourly AI limit and provider failures met while the job runs fail the job with their code.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Queued */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** Format: uuid */
                                jobId: string;
                            };
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No AI provider is configured (AI_NOT_CONFIGURED): the message names the AI_* variables to set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** State, progress (0–100), result and error of one of your AI jobs (another user's job is 404) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The job */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AiJob"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tasks/{id}/ai-breakdown/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create the chosen suggestions of your completed breakdown as subtasks of the task (one transaction; once per job)
         * @description `indices` pick suggestions of the job's result (in range, no repeats, at least one); `edits` change a chosen one's title or estimate. The estimate and confidence are written into the subtask's description.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AiBreakdownApplyRequest"];
                };
            };
            responses: {
                /** @description The created subtasks */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Task"][];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The job is not completed, or was already applied */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No AI provider is configured (AI_NOT_CONFIGURED): the message names the AI_* variables to set */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/projects/{id}/threads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Assistant threads of a project, most recently active first */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    mode?: components["schemas"]["AssistantThreadMode"];
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Threads */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AssistantThread"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Start an assistant thread (chat or blueprint) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateAssistantThreadRequest"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AssistantThread"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/threads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An assistant thread */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Thread */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AssistantThread"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a thread and its messages (a running answer is stopped) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a thread */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateAssistantThreadRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AssistantThread"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version (body or If-Match): the current thread is in `error.current` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/threads/{id}/artifacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Artifacts of a thread (made by its create_artifact tool or linked to it), newest change first */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    type?: components["schemas"]["ArtifactType"];
                    /** @description Part of the title */
                    q?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Artifacts (without their content) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ArtifactSummary"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/threads/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Messages of a thread, newest last; `before` pages to older ones */
        get: {
            parameters: {
                query?: {
                    /** @description Messages per page (max 100), newest last */
                    limit?: number;
                    /** @description A message id: the page ends just before it (older messages) */
                    before?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Messages */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AssistantMessagesPage"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Ask the assistant: saves the message, then streams the answer (Accept: text/event-stream) or answers 201 with its id
         * @description The user message is saved first and stays when the provider fails. With `Accept: text/event-stream` the answer streams in this response; otherwise follow it at GET /threads/:id/stream?messageId=. The generation goes on if the client disconnects.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SendAssistantMessageRequest"];
                };
            };
            responses: {
                /** @description text/event-stream: events `start` {userMessageId, messageId}, `chunk` {text}, `tool_call` {id, name, arguments}, `tool_result` {id, name, result|error}, `artifact` {artifact}, `complete` {finishReason, messageId} and `error` {code, message}, each with an `id:`; `: heartbeat` comments keep it open. Send `Last-Event-ID` to resume after an event. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The saved user message, with `messageId` of the answer being generated */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AssistantMessageSent"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Another answer of this thread is still streaming */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No AI provider is configured (AI_NOT_CONFIGURED, naming the AI_* variables) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/threads/{id}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Follow an answer as SSE, from the start or after Last-Event-ID
         * @description Replays the answer's events after `Last-Event-ID` (header) or `lastEventId` (query) and follows it to `complete` or `error`, from any tab or app instance. A finished answer replays and ends; after the grace period the stored message is served as start + chunk + complete.
         */
        get: {
            parameters: {
                query: {
                    /** @description The assistant message (or the user message it answers) */
                    messageId: string;
                    /** @description Resume after this event id (same as the Last-Event-ID header) */
                    lastEventId?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream: events `start` {userMessageId, messageId}, `chunk` {text}, `tool_call` {id, name, arguments}, `tool_result` {id, name, result|error}, `artifact` {artifact}, `complete` {finishReason, messageId} and `error` {code, message}, each with an `id:`; `: heartbeat` comments keep it open. Send `Last-Event-ID` to resume after an event. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/{id}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop an answer being generated (assistant message id, or the user message it answers)
         * @description Works from any instance. The stream ends with `complete` finishReason "stopped"; the partial answer is kept. A finished answer is returned as it is.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Stop requested (the message as it was) */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AssistantMessage"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/messages/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Answer the same user message again (after a failed or stopped answer)
         * @description Takes the assistant message (or the user message). A new assistant message answers the user message; streams like POST /threads/:id/messages.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description text/event-stream: events `start` {userMessageId, messageId}, `chunk` {text}, `tool_call` {id, name, arguments}, `tool_result` {id, name, result|error}, `artifact` {artifact}, `complete` {finishReason, messageId} and `error` {code, message}, each with an `id:`; `: heartbeat` comments keep it open. Send `Last-Event-ID` to resume after an event. */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The new answer is being generated */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AssistantMessageSent"];
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Still streaming */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description No AI provider is configured (AI_NOT_CONFIGURED, naming the AI_* variables) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/threads/{id}/blueprint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Blueprint wizard of a blueprint thread: the guide's phases, sections and questions with the saved answers, progress, and the SYSTEM_BLUEPRINT.md artifact */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The blueprint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Blueprint"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The thread is a chat thread, not a blueprint thread */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/threads/{id}/blueprint/sections/{sectionKey}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Save a section's answers (they replace its answers); SYSTEM_BLUEPRINT.md is rewritten from all answers as a new artifact version (created on the first save) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description A section key of the guide, e.g. core-vision */
                    sectionKey: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SaveBlueprintSectionRequest"];
                };
            };
            responses: {
                /** @description Saved */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["BlueprintSectionSaved"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown thread or section */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description A chat thread, or a stale version (body or If-Match): the current section is in `error.current` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/threads/{id}/blueprint/phases/{phaseKey}/recommendations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask the AI provider for recommendations on a phase's answers (architecture, stack, risks…); they are stored as the phase's recommendations (replacing earlier ones, shown again with the blueprint) and nothing goes into the document until one is accepted */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description A phase key of the guide, e.g. vision-strategy */
                    phaseKey: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Recommendations */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["BlueprintRecommendations"];
                        };
                    };
                };
                /** @description The phase has no answers yet */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown thread or phase (also without a provider) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The thread is a chat thread, not a blueprint thread */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description AI_BUDGET_EXCEEDED or RATE_LIMITED */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description AI_UNAVAILABLE, or AI_INVALID_OUTPUT when the answer did not match the format after one repair */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description AI_NOT_CONFIGURED */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/threads/{id}/blueprint/phases/{phaseKey}/recommendations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept a recommendation (possibly edited) into a section of the phase: appended to the section's text and to SYSTEM_BLUEPRINT.md */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description A phase key of the guide, e.g. vision-strategy */
                    phaseKey: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AcceptBlueprintRecommendationRequest"];
                };
            };
            responses: {
                /** @description Saved */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["BlueprintSectionSaved"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown thread or phase, or a recommendationId not (or no longer) stored for the phase */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The thread is a chat thread, not a blueprint thread */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/threads/{id}/blueprint/phases/{phaseKey}/recommendations/{recommendationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Dismiss a stored recommendation of the phase; answers the phase's remaining recommendations */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description A phase key of the guide */
                    phaseKey: string;
                    recommendationId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The remaining recommendations */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["BlueprintRecommendations"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unknown thread, phase or recommendation */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The thread is a chat thread, not a blueprint thread */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The events a webhook can subscribe to */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Event types */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookEventInfo"][];
                        };
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How this server delivers webhooks: timeout, retries, when a webhook is switched off */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The delivery policy as configured */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookDeliveryPolicy"];
                        };
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspaces/{workspaceId}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhooks of a workspace (owners and admins) */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                };
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Webhooks (secrets are never listed) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Webhook"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a webhook (owners and admins); the answer shows its secret once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspaceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateWebhookRequest"];
                };
            };
            responses: {
                /** @description Created, with the secret */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookWithSecret"];
                        };
                    };
                };
                /** @description Invalid, or a URL that is not a public address (SSRF), naming `url` */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a webhook (owners and admins) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Webhook */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Webhook"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a webhook and its delivery log (owners and admins) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a webhook's URL, events, description or active flag (owners and admins) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateWebhookRequest"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Webhook"];
                        };
                    };
                };
                /** @description Invalid, or a URL that is not a public address (SSRF), naming `url` */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Stale version (body or If-Match): the current webhook is in `error.current` */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Body larger than 1 MB (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Body is not application/json (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replace a webhook's secret (owners and admins); the answer shows the new one once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The webhook with its new secret */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookWithSecret"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a webhook.test delivery now (one attempt, no retries) (owners and admins) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The test delivery, with the receiver's answer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookDelivery"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook's delivery log, newest first (owners and admins) */
        get: {
            parameters: {
                query?: {
                    /** @description 1-based page number */
                    page?: number;
                    /** @description Items per page (max 100) */
                    perPage?: number;
                    status?: "PENDING" | "RETRYING" | "SUCCEEDED" | "FAILED";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deliveries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookDelivery"][];
                            meta: components["schemas"]["PaginationMeta"];
                            links: components["schemas"]["PaginationLinks"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One delivery of a webhook (owners and admins) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Delivery */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookDelivery"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-deliveries/{id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery's payload again, as a new delivery (owners and admins) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The new delivery, queued */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookDelivery"];
                        };
                    };
                };
                /** @description Invalid input (VALIDATION_ERROR or INVALID_JSON) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing, invalid or expired credentials (UNAUTHORIZED) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not allowed for this role or token scope (FORBIDDEN) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found, or belongs to a workspace you are not a member of (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Too many requests (RATE_LIMITED); see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unexpected error (INTERNAL_ERROR) */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Health: {
            /** @enum {string} */
            status: "ok";
            uptime: number;
        };
        Error: {
            error: {
                /** @example VALIDATION_ERROR */
                code: string;
                message: string;
                details?: ({
                    field?: string;
                    message: string;
                } & {
                    [key: string]: unknown;
                })[];
                limit?: {
                    /** @enum {string} */
                    kind: "file" | "entity" | "workspace";
                    bytes: number;
                };
            };
            meta: {
                requestId: string;
                timestamp: string;
            };
        };
        Readiness: {
            /** @enum {string} */
            status: "ready" | "unavailable";
            checks: {
                /** @enum {string} */
                database: "up" | "down";
                /** @enum {string} */
                redis: "up" | "down" | "not configured";
                /** @enum {string} */
                storage: "up" | "down";
            };
            /** @description What is wrong with the attachment storage, when it is down */
            storageError?: string;
        };
        AuthResult: {
            user: components["schemas"]["User"];
            accessToken: string;
            /** @description Seconds until the access token expires */
            expiresIn: number;
        };
        User: {
            /** Format: uuid */
            id: string;
            email: string;
            name: string;
            timezone: string;
            createdAt: string;
        };
        RegisterRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            password: string;
            name: string;
        };
        LoginRequest: {
            email: string;
            password: string;
        };
        RefreshResult: {
            accessToken: string;
            expiresIn: number;
        };
        Me: {
            user: components["schemas"]["User"];
            workspaces: {
                /** Format: uuid */
                id: string;
                name: string;
                slug: string;
                /** @enum {string} */
                role: "OWNER" | "ADMIN" | "MEMBER" | "VIEWER";
                /** @description The permission keys the user's role grants in this workspace, e.g. task:update */
                permissions: string[];
            }[];
        };
        UpdateProfileRequest: {
            name?: string;
            timezone?: string;
        };
        ChangePasswordRequest: {
            /** @description Required when the account has a password; an account made through a sign-in provider sets its first one without it */
            currentPassword?: string;
            newPassword: string;
        };
        ApiToken: {
            /** Format: uuid */
            id: string;
            name: string;
            prefix: string;
            /** @enum {string} */
            scope: "read" | "read-write";
            createdAt: string;
            lastUsedAt: string | null;
            expiresAt: string | null;
        };
        CreatedApiToken: components["schemas"]["ApiToken"] & {
            /** @description The secret; shown only in this response */
            token: string;
        };
        CreateApiTokenRequest: {
            name: string;
            /** @enum {string} */
            scope: "read" | "read-write";
            expiresInDays?: number;
        };
        Workspace: {
            /** Format: uuid */
            id: string;
            name: string;
            slug: string;
            role: components["schemas"]["WorkspaceRole"];
            /**
             * @description The permission keys the caller's role grants here, e.g. task:update; the client offers what is listed
             * @example [
             *       "workspace:read",
             *       "task:read"
             *     ]
             */
            permissions: string[];
            /** @description Default hold length in hours (null = holds never expire by default) */
            holdExpiryHours: number | null;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        /** @enum {string} */
        WorkspaceRole: "OWNER" | "ADMIN" | "MEMBER" | "VIEWER";
        PaginationMeta: {
            page: number;
            perPage: number;
            total: number;
            totalPages: number;
        };
        PaginationLinks: {
            first: string;
            prev: string | null;
            next: string | null;
            last: string;
        };
        CreateWorkspaceRequest: {
            name: string;
        };
        WorkspaceDetail: components["schemas"]["Workspace"] & {
            memberCount: number;
        };
        /** @description Renaming needs an owner; holdExpiryHours an admin or owner. A body with neither changes nothing. */
        UpdateWorkspaceRequest: {
            /** @description The workspace's name (owner) */
            name?: string;
            /**
             * @description How long a hold lasts when it is created (or goes back to HOLD) without holdExpiresAt, in hours; null = holds do not expire by default. New workspaces: 72.
             * @example 72
             */
            holdExpiryHours?: number | null;
            version?: number;
        };
        Member: {
            /** Format: uuid */
            userId: string;
            name: string;
            email: string;
            role: components["schemas"]["WorkspaceRole"];
            joinedAt: string;
        };
        UpdateMemberRequest: {
            role: components["schemas"]["WorkspaceRole"];
        };
        CreatedInvitation: components["schemas"]["Invitation"] & {
            /** @description Link to share when email is not configured; shown only here */
            acceptUrl: string;
        };
        Invitation: {
            /** Format: uuid */
            id: string;
            email: string;
            role: components["schemas"]["WorkspaceRole"];
            /** @enum {string} */
            status: "pending" | "accepted" | "declined" | "revoked" | "expired";
            expiresAt: string;
            createdAt: string;
            invitedBy: {
                /** Format: uuid */
                id: string;
                name: string;
            } | null;
        };
        CreateInvitationRequest: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            role: components["schemas"]["WorkspaceRole"];
        };
        InvitationPreview: {
            workspace: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            email: string;
            role: components["schemas"]["WorkspaceRole"];
            invitedBy: {
                /** Format: uuid */
                id: string;
                name: string;
            } | null;
            expiresAt: string;
            /** @enum {string} */
            status: "pending" | "accepted" | "declined" | "revoked" | "expired";
        };
        AcceptedInvitation: {
            workspace: {
                /** Format: uuid */
                id: string;
                name: string;
                slug: string;
                role: components["schemas"]["WorkspaceRole"];
            };
        };
        Activity: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            workspaceId: string;
            /** Format: uuid */
            actorId: string | null;
            entityType: string;
            /** Format: uuid */
            entityId: string;
            action: string;
            field: string | null;
            before?: unknown;
            after?: unknown;
            createdAt: string;
        };
        Notification: {
            /** Format: uuid */
            id: string;
            type: components["schemas"]["NotificationType"];
            /** Format: uuid */
            workspaceId: string | null;
            title: string;
            body: string | null;
            link: string | null;
            data?: unknown;
            readAt: string | null;
            createdAt: string;
        };
        /**
         * @description BOOKING_REQUESTED: you (the artist's user) were booked; BOOKING_CONFIRMED / BOOKING_DECLINED: the artist accepted or declined your booking; HOLD_MOVED_UP: your hold ranks higher; HOLD_OVERTAKEN: a later hold was promoted over yours; HOLD_EXPIRING: your hold lapses within 24 h; HOLD_EXPIRED: your hold lapsed and was released; ATTACHMENT_INFECTED: a file you uploaded was found infected by the virus scanner and deleted; AI_BUDGET_WARNING: (owners) the workspace spent 80 % of this month's AI budget; WEBHOOK_DISABLED: (owners and admins) a webhook failed too many deliveries in a row and was switched off; JOB_APPLICATION_RECEIVED: someone applied to a job listing you own
         * @enum {string}
         */
        NotificationType: "ASSIGNED" | "MENTIONED" | "WATCHED_COMMENT" | "INVITATION" | "BOOKING_REQUESTED" | "BOOKING_CONFIRMED" | "BOOKING_DECLINED" | "HOLD_MOVED_UP" | "HOLD_OVERTAKEN" | "HOLD_EXPIRING" | "HOLD_EXPIRED" | "ATTACHMENT_INFECTED" | "AI_BUDGET_WARNING" | "WEBHOOK_DISABLED" | "JOB_APPLICATION_RECEIVED";
        NotificationPreference: {
            type: components["schemas"]["NotificationType"];
            inApp: boolean;
            email: boolean;
        };
        UpdateNotificationPreferencesRequest: components["schemas"]["NotificationPreference"][];
        FailedJob: {
            id: string;
            name: string;
            queue: string;
            payload?: unknown;
            error: string;
            attempts: number;
            failedAt: string;
        };
        Project: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            workspaceId: string;
            key: string;
            name: string;
            description: string | null;
            color: string;
            status: components["schemas"]["ProjectStatus"];
            startDate: string | null;
            endDate: string | null;
            /** Format: uuid */
            leadId: string | null;
            /** Format: uuid */
            createdById: string | null;
            archivedAt: string | null;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        /** @enum {string} */
        ProjectStatus: "ACTIVE" | "ON_HOLD" | "COMPLETED" | "ARCHIVED";
        CreateProjectRequest: {
            name: string;
            /**
             * @description 2–10 letters or digits, starting with a letter; stored upper-case
             * @example WEB
             */
            key: string;
            description?: string | null;
            /** @example #6366f1 */
            color?: string;
            /** @enum {string} */
            status?: "ACTIVE" | "ON_HOLD" | "COMPLETED";
            /**
             * Format: date
             * @example 2026-01-31
             */
            startDate?: string | null;
            /**
             * Format: date
             * @example 2026-01-31
             */
            endDate?: string | null;
            /** Format: uuid */
            leadId?: string | null;
        };
        UpdateProjectRequest: {
            name?: string;
            /**
             * @description 2–10 letters or digits, starting with a letter; stored upper-case
             * @example WEB
             */
            key?: string;
            description?: string | null;
            /** @example #6366f1 */
            color?: string;
            status?: components["schemas"]["ProjectStatus"];
            /**
             * Format: date
             * @example 2026-01-31
             */
            startDate?: string | null;
            /**
             * Format: date
             * @example 2026-01-31
             */
            endDate?: string | null;
            /** Format: uuid */
            leadId?: string | null;
            version?: number;
        };
        Task: {
            /** Format: uuid */
            id: string;
            /** @description PROJECTKEY-number; null for personal tasks */
            key: string | null;
            /** Format: uuid */
            workspaceId: string;
            /** Format: uuid */
            projectId: string | null;
            number: number | null;
            title: string;
            description: string | null;
            status: components["schemas"]["TaskStatus"];
            priority: components["schemas"]["TaskPriority"];
            storyPoints: number | null;
            dueDate: string | null;
            position: number;
            /** Format: uuid */
            parentId: string | null;
            /** Format: uuid */
            sprintId: string | null;
            assignees: {
                /** Format: uuid */
                id: string;
                name: string;
            }[];
            labels: {
                /** Format: uuid */
                id: string;
                name: string;
                color: string;
            }[];
            subtaskCount: number;
            /** Format: uuid */
            createdById: string;
            completedAt: string | null;
            deletedAt: string | null;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        /** @enum {string} */
        TaskStatus: "TODO" | "IN_PROGRESS" | "IN_REVIEW" | "BLOCKED" | "DONE" | "ARCHIVED";
        /** @enum {string} */
        TaskPriority: "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
        BulkTasksRequest: {
            /** @enum {string} */
            action: "move";
            ids: string[];
            status: components["schemas"]["TaskStatus"];
        } | {
            /** @enum {string} */
            action: "assign";
            ids: string[];
            assigneeIds: string[];
        } | {
            /** @enum {string} */
            action: "close";
            ids: string[];
        } | {
            /** @enum {string} */
            action: "delete";
            ids: string[];
        };
        CreateTaskRequest: {
            title: string;
            description?: string | null;
            status?: components["schemas"]["TaskStatus"];
            priority?: components["schemas"]["TaskPriority"];
            storyPoints?: number | null;
            /** Format: date-time */
            dueDate?: string | null;
            assigneeIds?: string[];
            labelIds?: string[];
            /** Format: uuid */
            parentId?: string | null;
            /** Format: uuid */
            sprintId?: string | null;
        };
        CreateMyTaskRequest: {
            title: string;
            description?: string | null;
            status?: components["schemas"]["TaskStatus"];
            priority?: components["schemas"]["TaskPriority"];
            storyPoints?: number | null;
            /** Format: date-time */
            dueDate?: string | null;
            assigneeIds?: string[];
            labelIds?: string[];
            /** Format: uuid */
            parentId?: string | null;
            /** Format: uuid */
            sprintId?: string | null;
            /**
             * Format: uuid
             * @description Personal task: the workspace it lives in; default your first workspace
             */
            workspaceId?: string;
            /**
             * Format: uuid
             * @description Project task: the project it goes into
             */
            projectId?: string;
        };
        UpdateTaskRequest: {
            title?: string;
            description?: string | null;
            status?: components["schemas"]["TaskStatus"];
            priority?: components["schemas"]["TaskPriority"];
            storyPoints?: number | null;
            /** Format: date-time */
            dueDate?: string | null;
            assigneeIds?: string[];
            labelIds?: string[];
            /** Format: uuid */
            parentId?: string | null;
            /** Format: uuid */
            sprintId?: string | null;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        MoveTaskRequest: {
            status: components["schemas"]["TaskStatus"];
            /**
             * Format: uuid
             * @description The card that will be directly above the moved one
             */
            beforeId?: string;
            /**
             * Format: uuid
             * @description The card that will be directly below the moved one
             */
            afterId?: string;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        Comment: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            taskId: string;
            /** Format: uuid */
            authorId: string;
            author: {
                /** Format: uuid */
                id: string;
                name: string;
            } | null;
            body: string;
            mentions: string[];
            editedAt: string | null;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        CreateCommentRequest: {
            body: string;
        };
        UpdateCommentRequest: {
            body: string;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        WatchRequest: {
            watching: boolean;
        };
        Label: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            workspaceId: string;
            name: string;
            color: string;
            version: number;
            createdAt: string;
        };
        CreateLabelRequest: {
            name: string;
            /** @example #22c55e */
            color?: string;
        };
        UpdateLabelRequest: {
            name?: string;
            /** @example #22c55e */
            color?: string;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        SearchHit: {
            /** @enum {string} */
            type: "task" | "comment";
            rank: number;
            /** @description Matching text with <b>…</b> around the matches (the rest HTML-escaped) */
            headline: string;
            task: {
                /** Format: uuid */
                id: string;
                key: string | null;
                title: string;
                status: components["schemas"]["TaskStatus"];
                /** Format: uuid */
                projectId: string | null;
            };
            /** Format: uuid */
            commentId: string | null;
        };
        Sprint: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            projectId: string;
            name: string;
            goal: string | null;
            status: components["schemas"]["SprintStatus"];
            startDate: string | null;
            endDate: string | null;
            startedAt: string | null;
            completedAt: string | null;
            completedPoints: number | null;
            taskCount: number;
            points: number;
            version: number;
            createdAt: string;
        };
        /** @enum {string} */
        SprintStatus: "PLANNED" | "ACTIVE" | "COMPLETED";
        CreateSprintRequest: {
            name: string;
            goal?: string | null;
            /**
             * Format: date
             * @example 2026-01-31
             */
            startDate?: string | null;
            /**
             * Format: date
             * @example 2026-01-31
             */
            endDate?: string | null;
        };
        UpdateSprintRequest: {
            name?: string;
            goal?: string | null;
            /**
             * Format: date
             * @example 2026-01-31
             */
            startDate?: string | null;
            /**
             * Format: date
             * @example 2026-01-31
             */
            endDate?: string | null;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        CompleteSprintRequest: {
            /**
             * @description A planned sprint of the project, or backlog
             * @default backlog
             */
            carryOverTo: string | "backlog";
        };
        ProjectTimeline: {
            /** Format: uuid */
            projectId: string;
            phases: components["schemas"]["Phase"][];
            milestones: components["schemas"]["Milestone"][];
            bookings: components["schemas"]["TimelineBooking"][];
        };
        Phase: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            projectId: string;
            name: string;
            startDate: string;
            endDate: string;
            progress: number;
            color: string;
            order: number;
            dependsOn: string[];
            /** @description Predecessors that end on or after this phase starts: the finish-to-start dependency is broken (flagged, not refused) */
            lateDependencies: string[];
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        Milestone: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            projectId: string;
            /** Format: uuid */
            phaseId: string | null;
            name: string;
            date: string;
            done: boolean;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        TimelineBooking: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            artistId: string;
            artist: {
                /** Format: uuid */
                id: string;
                name: string;
                color: string;
            };
            title: string;
            start: string;
            end: string;
            /** @enum {string} */
            status: "HOLD" | "PENCIL" | "CONFIRMED" | "CANCELLED" | "RELEASED" | "DECLINED";
            holdRank: number | null;
            version: number;
        };
        CreatePhaseRequest: {
            name: string;
            /**
             * Format: date
             * @example 2026-01-31
             */
            startDate: string;
            /**
             * Format: date
             * @example 2026-01-31
             */
            endDate: string;
            /** @default 0 */
            progress: number;
            /** @example #6366f1 */
            color?: string;
            /**
             * @description Phases of the same project this phase starts after (finish-to-start)
             * @default []
             */
            dependsOn: string[];
        };
        ReorderPhasesRequest: {
            /** @description Every phase of the project, once, in the new order */
            order: string[];
        };
        UpdatePhaseRequest: {
            name?: string;
            /**
             * Format: date
             * @example 2026-01-31
             */
            startDate?: string;
            /**
             * Format: date
             * @example 2026-01-31
             */
            endDate?: string;
            progress?: number;
            /** @example #6366f1 */
            color?: string;
            /** @description Phases of the same project this phase starts after (finish-to-start) */
            dependsOn?: string[];
            /**
             * @description Move every phase that depends on this one (transitively) by the same number of days as this phase's end moved, in the same transaction
             * @default false
             */
            shiftDependents: boolean;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        CreateMilestoneRequest: {
            name: string;
            /**
             * Format: date
             * @example 2026-01-31
             */
            date: string;
            /** @default false */
            done: boolean;
            /** Format: uuid */
            phaseId?: string | null;
        };
        UpdateMilestoneRequest: {
            name?: string;
            /**
             * Format: date
             * @example 2026-01-31
             */
            date?: string;
            done?: boolean;
            /** Format: uuid */
            phaseId?: string | null;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        ArtifactSummary: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            projectId: string;
            /** Format: uuid */
            threadId: string | null;
            type: components["schemas"]["ArtifactType"];
            title: string;
            version: number;
            /** Format: uuid */
            createdBy: string | null;
            /** Format: uuid */
            sourceMessageId: string | null;
            createdAt: string;
            updatedAt: string;
        };
        /** @enum {string} */
        ArtifactType: "user_story" | "acceptance_criteria" | "requirements" | "blueprint" | "note";
        Artifact: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            projectId: string;
            /** Format: uuid */
            threadId: string | null;
            type: components["schemas"]["ArtifactType"];
            title: string;
            version: number;
            /** Format: uuid */
            createdBy: string | null;
            /** Format: uuid */
            sourceMessageId: string | null;
            createdAt: string;
            updatedAt: string;
            content: string;
        };
        CreateArtifactRequest: {
            type: components["schemas"]["ArtifactType"];
            title: string;
            content: string;
            /** Format: uuid */
            threadId?: string | null;
        };
        UpdateArtifactRequest: {
            title?: string;
            content?: string;
            type?: components["schemas"]["ArtifactType"];
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        ArtifactVersionSummary: {
            /** Format: uuid */
            artifactId: string;
            version: number;
            title: string;
            /** Format: uuid */
            editedBy: string | null;
            createdAt: string;
        };
        ArtifactVersion: {
            /** Format: uuid */
            artifactId: string;
            version: number;
            title: string;
            content: string;
            /** Format: uuid */
            editedBy: string | null;
            createdAt: string;
        };
        ArtifactDiff: {
            from: number;
            to: number;
            fromTitle: string;
            toTitle: string;
            added: number;
            removed: number;
            hunks: {
                oldStart: number;
                oldLines: number;
                newStart: number;
                newLines: number;
                lines: components["schemas"]["ArtifactDiffLine"][];
            }[];
            /** @description The same diff as a unified-diff text */
            unified: string;
        };
        ArtifactDiffLine: {
            /** @enum {string} */
            kind: "added" | "removed" | "context";
            text: string;
        };
        ProjectStats: {
            byStatus: components["schemas"]["TasksByStatus"];
            total: number;
            overdue: number;
            completedThisWeek: number;
            velocity: {
                /** Format: uuid */
                sprintId: string;
                name: string;
                completedPoints: number;
                completedAt: string;
            }[];
            burndown: {
                /** Format: uuid */
                sprintId: string;
                name: string;
                totalPoints: number;
                totalTasks: number;
                startDate: string;
                endDate: string;
                /** @description Every day of the sprint, first to last */
                days: {
                    date: string;
                    /** @description Story points not done at the end of the day; null for days still to come */
                    remaining: number | null;
                    /** @description Points a steady pace would leave at the end of the day */
                    ideal: number;
                    /** @description Tasks not done at the end of the day; null for days still to come */
                    remainingTasks: number | null;
                    idealTasks: number;
                    /** @description Story points in the sprint that day; null for days still to come */
                    scope: number | null;
                    /** @description Tasks in the sprint that day; null for days still to come */
                    scopeTasks: number | null;
                }[];
            } | null;
        };
        /** @description Number of tasks per status (every status present, 0 when none) */
        TasksByStatus: {
            TODO: number;
            IN_PROGRESS: number;
            IN_REVIEW: number;
            BLOCKED: number;
            DONE: number;
            ARCHIVED: number;
        };
        WorkspaceStats: {
            byStatus: components["schemas"]["TasksByStatus"];
            total: number;
            /** @description Tasks not done or archived */
            open: number;
            /** @description Open tasks whose due date has passed */
            overdue: number;
            /** @description Tasks done and their story points per week, oldest first; the last entry is the current week so far */
            completedPerWeek: {
                /** @description Monday of the week (weeks run Monday 00:00 UTC to Monday 00:00 UTC) */
                weekStart: string;
                tasks: number;
                points: number;
            }[];
            /** @description Story points completed per sprint, for the last 8 completed sprints across the projects, oldest first */
            velocity: {
                /** Format: uuid */
                sprintId: string;
                name: string;
                /** Format: uuid */
                projectId: string;
                projectKey: string;
                completedPoints: number;
                completedAt: string;
            }[];
            /** @description Every project that is not archived, most open tasks first */
            projects: {
                /** Format: uuid */
                id: string;
                key: string;
                name: string;
                color: string;
                total: number;
                open: number;
                overdue: number;
            }[];
        };
        Artist: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            workspaceId: string;
            /** Format: uuid */
            userId: string | null;
            name: string;
            email: string | null;
            title: string | null;
            skills: string[];
            dayRate: number | null;
            currency: string;
            timezone: string;
            color: string;
            active: boolean;
            portfolioLinks: string[];
            /** @description Whether a secret calendar feed URL exists (POST /artists/:id/calendar-token makes or replaces it) */
            hasCalendarFeed: boolean;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        WorkspaceSkill: {
            /** @description The skill in its most used spelling */
            skill: string;
            /** @description How many artists (active or not) have it */
            artists: number;
        };
        CreateArtistRequest: {
            name: string;
            /**
             * Format: email
             * @example ada@example.com
             */
            email?: string | null;
            title?: string | null;
            skills?: string[];
            /** @description Day rate in minor units of the currency (cents): 45000 is 450.00 */
            dayRate?: number | null;
            /** @example EUR */
            currency?: string;
            /**
             * @description IANA timezone of the artist's working hours and time off
             * @example Europe/London
             */
            timezone: string;
            /** @example #0ea5e9 */
            color?: string;
            active?: boolean;
            /**
             * Format: uuid
             * @description The workspace member who is this artist (self-service)
             */
            userId?: string | null;
            portfolioLinks?: string[];
        };
        UpdateArtistRequest: {
            name?: string;
            /**
             * Format: email
             * @example ada@example.com
             */
            email?: string | null;
            title?: string | null;
            skills?: string[];
            /** @description Day rate in minor units of the currency (cents): 45000 is 450.00 */
            dayRate?: number | null;
            /** @example EUR */
            currency?: string;
            /**
             * @description IANA timezone of the artist's working hours and time off
             * @example Europe/London
             */
            timezone?: string;
            /** @example #0ea5e9 */
            color?: string;
            active?: boolean;
            /**
             * Format: uuid
             * @description The workspace member who is this artist (self-service)
             */
            userId?: string | null;
            portfolioLinks?: string[];
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        WorkingHours: components["schemas"]["WorkingHoursRange"][];
        WorkingHoursRange: {
            /** @description 0 = Sunday … 6 = Saturday */
            weekday: number;
            /** @example 09:00 */
            start: string;
            /** @example 17:00 */
            end: string;
        };
        /** @description The artist's whole week, in the artist's timezone; replaces what was there */
        PutWorkingHoursRequest: components["schemas"]["WorkingHoursRange"][];
        TimeOff: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            artistId: string;
            startDate: string;
            endDate: string;
            reason: string | null;
            createdAt: string;
        };
        CreateTimeOffRequest: {
            /**
             * Format: date
             * @example 2026-01-31
             */
            startDate: string;
            /**
             * Format: date
             * @example 2026-01-31
             */
            endDate: string;
            reason?: string | null;
        };
        CalendarFeedUrl: {
            /**
             * @description The secret feed URL to subscribe to; shown only here
             * @example https://teamflow.example.com/api/v1/artists/…/calendar.ics?token=…
             */
            url: string;
        };
        Booking: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            workspaceId: string;
            /** Format: uuid */
            artistId: string;
            /** Format: uuid */
            projectId: string | null;
            title: string;
            notes: string | null;
            start: string;
            end: string;
            status: components["schemas"]["BookingStatus"];
            /** @description The statuses this booking may move to (SPEC §4.5); empty when final. The web app offers exactly these. */
            nextStatuses: components["schemas"]["BookingStatus"][];
            /** @description 1, 2, … among the artist's overlapping holds by creation; null unless a hold */
            holdRank: number | null;
            holdExpiresAt: string | null;
            force: boolean;
            /** Format: uuid */
            createdById: string | null;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        /** @enum {string} */
        BookingStatus: "HOLD" | "PENCIL" | "CONFIRMED" | "CANCELLED" | "RELEASED" | "DECLINED";
        ProjectBookingsList: {
            data: components["schemas"]["Booking"][];
            meta: components["schemas"]["ProjectBookingsMeta"];
            links: components["schemas"]["PaginationLinks"];
        };
        ProjectBookingsMeta: {
            page: number;
            perPage: number;
            total: number;
            totalPages: number;
            /** @description What the project's pencilled and confirmed bookings cost, per currency (whatever the filters and page): each artist's day rate × the days booked, a day being any calendar day in the artist's timezone that any of their firm bookings on the project touches (counted once per artist even with several bookings that day). Artists without a day rate add nothing. */
            bookedCost: {
                /** @description Minor units of currency (cents) */
                amount: number;
                currency: string;
            }[];
            /** @description Hours of the project's pencilled and confirmed bookings (end − start, summed; 2 decimals), whatever the filters and page */
            bookedHours: number;
        };
        CreateBookingRequest: {
            /** Format: uuid */
            artistId: string;
            /**
             * Format: uuid
             * @description A project of the workspace
             */
            projectId?: string | null;
            title: string;
            notes?: string | null;
            /**
             * Format: date-time
             * @description Start (inclusive), ISO 8601
             * @example 2026-06-01T09:00:00Z
             */
            start: string;
            /**
             * Format: date-time
             * @description End (exclusive), ISO 8601; after start, at most 366 days later
             * @example 2026-06-01T17:00:00Z
             */
            end: string;
            /**
             * @description Default HOLD
             * @default HOLD
             * @enum {string}
             */
            status: "HOLD" | "PENCIL" | "CONFIRMED";
            /**
             * Format: date-time
             * @description When a hold lapses (holds only)
             */
            holdExpiresAt?: string | null;
            /** @description Book outside the artist's working hours or on their time off anyway (the booking is flagged) */
            force?: boolean;
        };
        BookingEvent: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            bookingId: string;
            /**
             * @description expired: released by the maintenance job when holdExpiresAt passed (actor null); hold_moved_up: the hold's rank improved because one before it ended (note says from which rank to which)
             * @enum {string}
             */
            type: "created" | "moved" | "updated" | "status_changed" | "cancelled" | "responded" | "expired" | "hold_moved_up";
            /** Format: uuid */
            actorId: string | null;
            before: components["schemas"]["BookingSnapshot"];
            after: components["schemas"]["BookingSnapshot"];
            note: string | null;
            createdAt: string;
        };
        BookingSnapshot: {
            /**
             * Format: uuid
             * @description Absent in entries written before reassignment existed
             */
            artistId?: string;
            start: string;
            end: string;
            status: components["schemas"]["BookingStatus"];
            title: string;
            /** Format: uuid */
            projectId: string | null;
            force: boolean;
        } | null;
        UpdateBookingRequest: {
            /**
             * Format: uuid
             * @description Reassign to another active artist of the workspace (the calendar's drag to another row); the same rules as a move apply to the new artist
             */
            artistId?: string;
            /**
             * Format: uuid
             * @description A project of the workspace
             */
            projectId?: string | null;
            title?: string;
            notes?: string | null;
            /**
             * Format: date-time
             * @description Start (inclusive), ISO 8601
             * @example 2026-06-01T09:00:00Z
             */
            start?: string;
            /**
             * Format: date-time
             * @description End (exclusive), ISO 8601; after start, at most 366 days later
             * @example 2026-06-01T17:00:00Z
             */
            end?: string;
            /**
             * Format: date-time
             * @description When a hold lapses (holds only)
             */
            holdExpiresAt?: string | null;
            /** @description Book outside the artist's working hours or on their time off anyway (the booking is flagged) */
            force?: boolean;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        ChangeBookingStatusRequest: {
            status: components["schemas"]["BookingStatus"];
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
            /** @description Promote a hold that is not the first (admins only) */
            force?: boolean;
        };
        RespondToBookingRequest: {
            /** @enum {string} */
            response: "accept" | "decline";
            note?: string;
        };
        Calendar: {
            data: {
                from: string;
                to: string;
                /** @description The rows, by name: active artists (all with includeInactive=true) matching skill, q and artistId; at most 500 */
                artists: components["schemas"]["CalendarArtist"][];
                /** @description Bookings of those artists overlapping [from, to) with the statuses asked for (and the project), by start */
                bookings: components["schemas"]["CalendarBooking"][];
            };
            meta: components["schemas"]["CalendarMeta"];
        };
        CalendarArtist: {
            /** Format: uuid */
            id: string;
            name: string;
            title: string | null;
            color: string;
            timezone: string;
            skills: string[];
            active: boolean;
            /** Format: uuid */
            userId: string | null;
            dayRate: number | null;
            currency: string;
            /** @description The weekly hours in the artist's timezone, by weekday then start */
            workingHours: components["schemas"]["WorkingHoursRange"][];
            /** @description Time off whose whole local days (YYYY-MM-DD, both inclusive, in the artist's timezone) overlap the range, by startDate */
            timeOff: {
                /** Format: uuid */
                id: string;
                startDate: string;
                endDate: string;
                reason: string | null;
            }[];
        };
        /** @description The booking as GET /bookings/:id shows it (with holdRank), and its project's and artist's names */
        CalendarBooking: components["schemas"]["Booking"] & {
            projectName: string | null;
            artistName: string;
        };
        CalendarMeta: {
            /** @description How many artists matched (before the cap of 500) */
            artistCount: number;
            /** @description More artists matched than the 500 returned */
            truncated: boolean;
        };
        Availability: {
            /** Format: uuid */
            artistId: string;
            timezone: string;
            from: string;
            to: string;
            includeHolds: boolean;
            /** @description Working hours (all the time for an artist without working hours), minus time off (whole local days), minus busy; merged, by start */
            free: components["schemas"]["Interval"][];
            /** @description Pencilled and confirmed bookings overlapping the range (and holds, with their rank, when includeHolds=true), by start, unclipped */
            busy: {
                start: string;
                end: string;
                booking: {
                    /** Format: uuid */
                    id: string;
                    title: string;
                    status: components["schemas"]["BookingStatus"];
                    holdRank: number | null;
                };
            }[];
            /** @description Time off overlapping the range; start/end are the local midnights it spans */
            timeOff: {
                /** Format: uuid */
                id: string;
                startDate: string;
                endDate: string;
                start: string;
                end: string;
            }[];
        };
        Interval: {
            start: string;
            end: string;
        };
        AvailabilityCheck: {
            /** Format: uuid */
            artistId: string;
            /** @description [start, end) lies wholly in the artist's free time (working hours, no time off, no conflict) */
            available: boolean;
            outsideHours: boolean;
            timeOffIds: string[];
            conflicts: {
                /** Format: uuid */
                bookingId: string;
                status: components["schemas"]["BookingStatus"];
                start: string;
                end: string;
            }[];
            nextFreeSlot: components["schemas"]["Interval"] & (Record<string, never> | null);
        };
        CheckAvailabilityRequest: {
            /** @description 1–50 artists of the workspace */
            artistIds: string[];
            /**
             * Format: date-time
             * @example 2026-06-01T09:00:00Z
             */
            start: string;
            /**
             * Format: date-time
             * @example 2026-06-01T17:00:00Z
             */
            end: string;
            /** @description Length of the next free slot to find; default end − start */
            durationMinutes?: number;
            /** @description Count holds as busy too (default false) */
            includeHolds?: boolean;
        };
        UtilisationReport: {
            /** @example 2026-03-02 */
            from: string;
            /** @example 2026-03-29 */
            to: string;
            includeHolds: boolean;
            /** @description ISO weeks (Monday to Sunday) of the range, clipped to [from, to] */
            weeks: {
                /**
                 * @description ISO week
                 * @example 2026-W10
                 */
                week: string;
                /** @example 2026-03-02 */
                start: string;
                /** @example 2026-03-08 */
                end: string;
            }[];
            /** @description Active artists, and inactive ones with bookings in the range, by name */
            artists: {
                /** Format: uuid */
                artistId: string;
                name: string;
                color: string;
                /** @description One entry per week of `weeks`, in the same order */
                weeks: {
                    week: string;
                    /** @description Working hours minus time off (whole local days); 0 for an artist without working hours, in hours (2 decimals) */
                    availableHours: number;
                    /** @description Confirmed bookings inside the period, in hours (2 decimals) */
                    confirmedHours: number;
                    /** @description Pencilled bookings inside the period, in hours (2 decimals) */
                    pencilHours: number;
                    /** @description Holds inside the period (counted as used only with includeHolds=true), in hours (2 decimals) */
                    holdHours: number;
                    /** @description confirmed + pencil (+ hold with includeHolds=true), in hours (2 decimals) */
                    usedHours: number;
                    /** @description max(0, used − available) per week; the total is the sum of the weeks', in hours (2 decimals) */
                    overbookedHours: number;
                    /** @description used / available as a fraction (0.75 = 75 %), 4 decimals; null when nothing is available */
                    utilisation: number | null;
                }[];
                /** @description The whole range: sums of the weeks; utilisation = total used / total available */
                total: {
                    /** @description Working hours minus time off (whole local days); 0 for an artist without working hours, in hours (2 decimals) */
                    availableHours: number;
                    /** @description Confirmed bookings inside the period, in hours (2 decimals) */
                    confirmedHours: number;
                    /** @description Pencilled bookings inside the period, in hours (2 decimals) */
                    pencilHours: number;
                    /** @description Holds inside the period (counted as used only with includeHolds=true), in hours (2 decimals) */
                    holdHours: number;
                    /** @description confirmed + pencil (+ hold with includeHolds=true), in hours (2 decimals) */
                    usedHours: number;
                    /** @description max(0, used − available) per week; the total is the sum of the weeks', in hours (2 decimals) */
                    overbookedHours: number;
                    /** @description used / available as a fraction (0.75 = 75 %), 4 decimals; null when nothing is available */
                    utilisation: number | null;
                };
            }[];
        };
        JobListing: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            workspaceId: string;
            /** Format: uuid */
            projectId: string | null;
            /** Format: uuid */
            ownerId: string | null;
            title: string;
            description: string;
            skills: string[];
            startDate: string | null;
            endDate: string | null;
            rateMin: number | null;
            rateMax: number | null;
            currency: string;
            location: string | null;
            remote: boolean;
            status: components["schemas"]["JobListingStatus"];
            isPublic: boolean;
            /** @description Applications by status */
            applicationCounts: {
                APPLIED?: number;
                REVIEWING?: number;
                SHORTLISTED?: number;
                OFFERED?: number;
                HIRED?: number;
                REJECTED?: number;
                WITHDRAWN?: number;
            };
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        /** @enum {string} */
        JobListingStatus: "OPEN" | "CLOSED";
        CreateJobListingRequest: {
            title: string;
            /**
             * @description Markdown; rendered sanitised
             * @default
             */
            description: string;
            /** @default [] */
            skills: string[];
            /**
             * Format: date
             * @example 2026-01-31
             */
            startDate?: string | null;
            /**
             * Format: date
             * @example 2026-01-31
             */
            endDate?: string | null;
            /** @description Minor units of currency (cents) */
            rateMin?: number | null;
            /** @description Minor units of currency (cents); not below rateMin */
            rateMax?: number | null;
            /**
             * @default EUR
             * @example EUR
             */
            currency: string;
            location?: string | null;
            /** @default false */
            remote: boolean;
            status?: components["schemas"]["JobListingStatus"];
            /**
             * @description Has a public page and form at /jobs/:workspaceSlug/:id (while open)
             * @default false
             */
            isPublic: boolean;
            /**
             * Format: uuid
             * @description A project of the workspace: hiring with a pencil books the artist on it
             */
            projectId?: string | null;
        };
        UpdateJobListingRequest: {
            title?: string;
            /** @description Markdown; rendered sanitised */
            description?: string;
            skills?: string[];
            /**
             * Format: date
             * @example 2026-01-31
             */
            startDate?: string | null;
            /**
             * Format: date
             * @example 2026-01-31
             */
            endDate?: string | null;
            /** @description Minor units of currency (cents) */
            rateMin?: number | null;
            /** @description Minor units of currency (cents); not below rateMin */
            rateMax?: number | null;
            /** @example EUR */
            currency?: string;
            location?: string | null;
            remote?: boolean;
            status?: components["schemas"]["JobListingStatus"];
            /** @description Has a public page and form at /jobs/:workspaceSlug/:id (while open) */
            isPublic?: boolean;
            /**
             * Format: uuid
             * @description A project of the workspace: hiring with a pencil books the artist on it
             */
            projectId?: string | null;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        JobApplication: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            listingId: string;
            /** Format: uuid */
            workspaceId: string;
            name: string;
            email: string;
            portfolioLinks: string[];
            message: string;
            /** Format: uuid */
            artistId: string | null;
            /** Format: uuid */
            userId: string | null;
            status: components["schemas"]["JobApplicationStatus"];
            /** @description Where it may move (HIRED only through POST /applications/:id/hire) */
            nextStatuses: components["schemas"]["JobApplicationStatus"][];
            /** @description Whether the applicant may still withdraw it (POST /applications/:id/withdraw): until a decision is made */
            withdrawable: boolean;
            position: number;
            source: string;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        /** @enum {string} */
        JobApplicationStatus: "APPLIED" | "REVIEWING" | "SHORTLISTED" | "OFFERED" | "HIRED" | "REJECTED" | "WITHDRAWN";
        ApplyToJobListingRequest: {
            name?: string;
            /**
             * Format: email
             * @example ada@example.com
             */
            email?: string;
            /** @default [] */
            portfolioLinks: string[];
            /** @default  */
            message: string;
        };
        MoveJobApplicationRequest: {
            status: components["schemas"]["JobApplicationStatus"] & unknown;
            /** @description 0-based place within the status column, at most the number of other applications in it (a place past the end is a 409); default the end */
            position?: number;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        JobApplicationEvent: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            applicationId: string;
            /** Format: uuid */
            actorId: string | null;
            type: string;
            before?: unknown;
            after?: unknown;
            createdAt: string;
        };
        JobHireResult: {
            application: components["schemas"]["JobApplication"];
            /** Format: uuid */
            artistId: string;
            artistCreated: boolean;
            /** Format: uuid */
            bookingId: string | null;
        };
        HireJobApplicantRequest: {
            /**
             * Format: uuid
             * @description Link this artist of the workspace; default the applicant's artist, the user's, one with the applicant's email, or a new one
             */
            artistId?: string;
            pencil?: {
                /** Format: date-time */
                start: string;
                /** Format: date-time */
                end: string;
                /** @description Default the listing's title */
                title?: string;
                /** @description Book outside working hours or on time off anyway */
                force?: boolean;
            };
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        PublicJobListing: {
            /** Format: uuid */
            id: string;
            title: string;
            description: string;
            skills: string[];
            startDate: string | null;
            endDate: string | null;
            rateMin: number | null;
            rateMax: number | null;
            currency: string;
            location: string | null;
            remote: boolean;
            workspace: {
                name: string;
                slug: string;
            };
        };
        PublicJobApplicationReceipt: {
            /** @enum {boolean} */
            received: true;
        };
        PublicJobApplicationRequest: {
            name: string;
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @default [] */
            portfolioLinks: string[];
            /** @default  */
            message: string;
            /** @description Leave empty (spam trap) */
            website?: string;
        };
        Attachment: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            workspaceId: string;
            entityType: components["schemas"]["AttachmentEntityType"];
            /** Format: uuid */
            entityId: string;
            /** Format: uuid */
            projectId: string | null;
            /** @description The uploaded name, Unicode kept; directory parts and control characters removed */
            fileName: string;
            /** @description Decided on the bytes, never taken from the client */
            mimeType: string;
            /** @description Bytes */
            size: number;
            /** @description SHA-256 of the bytes, hex */
            sha256: string;
            /**
             * @description What the web app can preview: image → lightbox, pdf → viewer
             * @enum {string}
             */
            kind: "image" | "pdf" | "text" | "other";
            /** @enum {string} */
            scanStatus: "skipped" | "pending" | "clean" | "infected";
            /** @description scanStatus is skipped or clean */
            downloadable: boolean;
            /** @description pending: why it is not scanned yet (scanner down, file too large for it); infected: the signature found */
            scanDetail: string | null;
            /** @enum {string} */
            thumbnail: "none" | "pending" | "ready" | "failed";
            width: number | null;
            height: number | null;
            uploader: {
                /** Format: uuid */
                id: string;
                name: string;
            } | null;
            /** @description Whether the caller may delete it */
            canDelete: boolean;
            createdAt: string;
            /** @description Signed relative links for the caller, valid DOWNLOAD_URL_TTL_SECONDS; they work without the Bearer header */
            urls: {
                download: string;
                /** @description inline=1; images (png, jpeg, gif, webp) and PDF that can be downloaded */
                preview: string | null;
                /** @description When the thumbnail is ready */
                thumbnail: string | null;
            };
        };
        /** @enum {string} */
        AttachmentEntityType: "task" | "comment" | "project" | "booking";
        AttachmentUpload: {
            entityType: components["schemas"]["AttachmentEntityType"] & unknown;
            /**
             * Format: uuid
             * @description Send before the file parts
             */
            entityId: string;
            /** @description One to ten files, each a part named `file` */
            file: string[];
        };
        AttachmentList: {
            data: components["schemas"]["Attachment"][];
            meta: components["schemas"]["PaginationMeta"] & {
                /** @description Bytes of all the attachments the list covers (every page) */
                totalBytes: number;
                /** @description The upload limits per file and per item, in bytes */
                limits: {
                    fileBytes: number;
                    entityBytes: number;
                };
            };
            links: components["schemas"]["PaginationLinks"];
        };
        DocumentList: {
            data: components["schemas"]["Document"][];
            meta: components["schemas"]["PaginationMeta"];
            links: components["schemas"]["PaginationLinks"];
        };
        Document: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            projectId: string;
            name: string;
            mimeType: string;
            size: number;
            status: components["schemas"]["DocumentStatus"];
            /** @description 0–100 while extracting */
            progress: number;
            /** @description Why extraction failed (e.g. a scanned PDF with no text layer, or found infected by the virus scanner); while it waits for the virus scan, why (clamd does not answer, or the file is too large for it) */
            errorDetail: string | null;
            /** @description Not extracted yet because the virus scanner has not judged the file (errorDetail says why) */
            waitingForScan: boolean;
            pageCount: number | null;
            charCount: number | null;
            /** Format: uuid */
            createdById: string | null;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        /** @enum {string} */
        DocumentStatus: "pending" | "extracting" | "ready" | "failed";
        CreateDocumentRequest: {
            name: string;
            content: string;
        };
        DocumentUpload: {
            /**
             * Format: binary
             * @description One .txt, .md, .pdf or .docx file, in a part named `file`
             */
            file: string;
        };
        DocumentSearchResult: {
            data: components["schemas"]["DocumentSearchHit"][];
            meta: components["schemas"]["PaginationMeta"];
            links: components["schemas"]["PaginationLinks"];
        };
        DocumentSearchHit: {
            /** Format: uuid */
            passageId: string;
            /** Format: uuid */
            documentId: string;
            documentName: string;
            ordinal: number;
            start: number;
            end: number;
            rank: number;
            /** @description The passage with the matched words between <mark> and </mark>; everything else is HTML-escaped */
            highlight: string;
        };
        DocumentWithContent: components["schemas"]["Document"] & {
            /** @description The decrypted text (null until ready) */
            content: string | null;
            passages: components["schemas"]["DocumentPassage"][];
        };
        DocumentPassage: {
            /** Format: uuid */
            id: string;
            ordinal: number;
            start: number;
            end: number;
            text: string;
        };
        AiJob: {
            /** Format: uuid */
            id: string;
            /** @example task_breakdown */
            kind: string;
            /** Format: uuid */
            taskId: string | null;
            /** @enum {string} */
            state: "queued" | "running" | "completed" | "failed";
            progress: number;
            result: components["schemas"]["AiBreakdownResult"];
            /** @description Why it failed (AI_INVALID_OUTPUT, AI_BUDGET_EXCEEDED, RATE_LIMITED, AI_UNAVAILABLE, …) */
            error: {
                code: string;
                message: string;
            } | null;
            appliedAt: string | null;
            createdAt: string;
            updatedAt: string;
        };
        AiBreakdownResult: {
            subtasks: {
                title: string;
                /** @default  */
                description: string;
                estimatedHours: number;
                confidence: number;
            }[];
            /** @description The provider kind that answered */
            provider: string;
            model: string;
            fallback: boolean;
            /** @description The first answer was invalid and the repair retry fixed it */
            repaired: boolean;
        } | null;
        AiBreakdownApplyRequest: {
            /** Format: uuid */
            jobId: string;
            indices: number[];
            /** @description Changes per chosen index, e.g. {"2": {"title": "…"}} */
            edits?: {
                [key: string]: {
                    title?: string;
                    estimatedHours?: number;
                };
            };
        };
        AssistantThread: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            projectId: string;
            title: string;
            mode: components["schemas"]["AssistantThreadMode"];
            /** Format: uuid */
            createdById: string | null;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        /** @enum {string} */
        AssistantThreadMode: "chat" | "blueprint";
        CreateAssistantThreadRequest: {
            title?: string;
            mode?: components["schemas"]["AssistantThreadMode"];
        };
        UpdateAssistantThreadRequest: {
            title: string;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        AssistantMessagesPage: {
            data: components["schemas"]["AssistantMessage"][];
            meta: {
                hasMore: boolean;
                /**
                 * Format: uuid
                 * @description Pass as `before` for the older page
                 */
                nextBefore: string | null;
            };
        };
        AssistantMessage: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            threadId: string;
            /** @enum {string} */
            role: "user" | "assistant" | "tool";
            content: string;
            /** @enum {string} */
            status: "streaming" | "complete" | "stopped" | "failed";
            toolCalls: components["schemas"]["AssistantToolCall"][];
            finishReason: string | null;
            error: {
                code: string;
                message: string;
            } | null;
            provider: string | null;
            model: string | null;
            inputTokens: number | null;
            outputTokens: number | null;
            /** Format: uuid */
            replyToId: string | null;
            /** Format: uuid */
            createdById: string | null;
            createdAt: string;
            completedAt: string | null;
        };
        AssistantToolCall: {
            id: string;
            name: string;
            arguments?: unknown;
            result?: unknown;
            error?: string;
        };
        AssistantMessageSent: {
            data: components["schemas"]["AssistantMessage"] & {
                /**
                 * Format: uuid
                 * @description The assistant message answering it: stream it with GET /threads/:id/stream?messageId=
                 */
                messageId: string;
                /**
                 * Format: uuid
                 * @description The saved user message (this resource's id)
                 */
                userMessageId: string;
            };
        };
        SendAssistantMessageRequest: {
            content: string;
        };
        Blueprint: {
            /** Format: uuid */
            threadId: string;
            /** Format: uuid */
            projectId: string;
            title: string;
            artifact: components["schemas"]["BlueprintArtifactRef"];
            progress: components["schemas"]["BlueprintProgress"];
            phases: components["schemas"]["BlueprintPhase"][];
        };
        BlueprintArtifactRef: {
            /** Format: uuid */
            id: string;
            version: number;
            title: string;
        } | null;
        BlueprintProgress: {
            answered: number;
            total: number;
            sectionsComplete: number;
            sectionsTotal: number;
        };
        BlueprintPhase: {
            key: string;
            number: number;
            title: string;
            goal: string;
            duration: string;
            recommends: string;
            status: components["schemas"]["BlueprintStatus"];
            answered: number;
            total: number;
            sections: components["schemas"]["BlueprintSection"][];
            recommendations: components["schemas"]["BlueprintRecommendations"];
        };
        /** @enum {string} */
        BlueprintStatus: "todo" | "partial" | "complete";
        BlueprintSection: {
            key: string;
            number: string;
            title: string;
            intro?: string;
            phaseKey: string;
            questions: components["schemas"]["BlueprintQuestion"][];
            answers: {
                [key: string]: string;
            };
            /** @description Recommendations accepted into the section (Markdown) */
            notes: string;
            /** @description 0 until the section is first saved */
            version: number;
            status: components["schemas"]["BlueprintStatus"];
            answered: number;
            total: number;
            /** @description The section as it appears in SYSTEM_BLUEPRINT.md */
            markdown: string;
            updatedAt: string | null;
        };
        BlueprintQuestion: {
            key: string;
            text: string;
            hint?: string;
            group?: string;
        };
        /** @description The last recommendations made for the phase that are still open, null when none were asked for */
        BlueprintRecommendations: {
            phaseKey: string;
            recommendations: components["schemas"]["BlueprintStoredRecommendation"][];
            provider: string;
            model: string;
            fallback: boolean;
            repaired: boolean;
            /** @description When the provider made them */
            madeAt: string;
            /** @description The answers changed since they were made */
            stale: boolean;
        } | null;
        BlueprintStoredRecommendation: components["schemas"]["BlueprintRecommendation"] & {
            /** Format: uuid */
            id: string;
        };
        BlueprintRecommendation: {
            sectionKey: string;
            /** @enum {string} */
            category: "architecture" | "stack" | "risk" | "gap" | "metric" | "scope" | "process" | "other";
            title: string;
            text: string;
        };
        BlueprintSectionSaved: {
            section: components["schemas"]["BlueprintSection"];
            artifact: components["schemas"]["BlueprintArtifactRef"];
            progress: components["schemas"]["BlueprintProgress"];
        };
        SaveBlueprintSectionRequest: {
            /** @description The section's answers by question key; an empty text clears an answer. Replaces the section's answers. */
            answers: {
                [key: string]: string;
            };
            /** @description The section version you read (0 for a section never saved); a stale one answers 409 with the current section. May be sent as If-Match instead. */
            version?: number;
        };
        AcceptBlueprintRecommendationRequest: {
            /** @description The section of this phase the text goes into */
            sectionKey: string;
            text: string;
            /**
             * Format: uuid
             * @description The stored recommendation this text comes from; it leaves the phase's stored recommendations
             */
            recommendationId?: string;
        };
        WebhookEventInfo: {
            type: components["schemas"]["WebhookEvent"];
        };
        /** @enum {string} */
        WebhookEvent: "project.created" | "project.updated" | "project.deleted" | "task.created" | "task.updated" | "task.moved" | "task.assigned" | "task.deleted" | "comment.created" | "comment.updated" | "comment.deleted" | "sprint.created" | "sprint.updated" | "sprint.started" | "sprint.completed" | "sprint.deleted" | "label.created" | "label.updated" | "label.deleted" | "artist.created" | "artist.updated" | "artist.deleted" | "booking.created" | "booking.updated" | "booking.cancelled" | "booking.responded" | "booking.reassigned" | "attachment.created" | "attachment.deleted" | "member.joined" | "member.updated" | "member.removed" | "workspace.updated";
        WebhookDeliveryPolicy: {
            /** @description A receiver must answer 2xx within this (WEBHOOK_TIMEOUT_MS) */
            timeoutMs: number;
            /** @description Tries in all, the first included */
            attempts: number;
            /** @description Wait before each retry: 1x, 2x, 4x WEBHOOK_RETRY_BASE_MS */
            retryDelaysMs: number[];
            /** @description Deliveries failed in a row that switch a webhook off (WEBHOOK_DISABLE_AFTER_FAILURES) */
            disableAfterFailures: number;
        };
        Webhook: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            workspaceId: string;
            url: string;
            description: string | null;
            events: string[];
            active: boolean;
            consecutiveFailures: number;
            /** @description Why it was switched off automatically (null when active, or switched off by hand) */
            disabledReason: string | null;
            disabledAt: string | null;
            secretHint: string;
            version: number;
            createdAt: string;
            updatedAt: string;
        };
        WebhookWithSecret: components["schemas"]["Webhook"] & {
            /** @description Shown only now: store it to verify X-TeamFlow-Signature */
            secret: string;
        };
        CreateWebhookRequest: {
            /** @example https://hooks.example.com/teamflow */
            url: string;
            /** @description Event types to send (GET /webhook-events lists them) */
            events: components["schemas"]["WebhookEvent"][];
            description?: string | null;
            active?: boolean;
        };
        UpdateWebhookRequest: {
            /** @example https://hooks.example.com/teamflow */
            url?: string;
            /** @description Event types to send (GET /webhook-events lists them) */
            events?: components["schemas"]["WebhookEvent"][];
            description?: string | null;
            active?: boolean;
            /** @description The version you read; a stale one answers 409 with the current resource. May be sent as If-Match instead. */
            version?: number;
        };
        WebhookDelivery: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            webhookId: string;
            event: string;
            /** @enum {string} */
            status: "PENDING" | "RETRYING" | "SUCCEEDED" | "FAILED";
            attempts: number;
            responseStatus: number | null;
            /** @description The first 2,000 characters of the response */
            responseBody: string | null;
            durationMs: number | null;
            error: string | null;
            test: boolean;
            /** Format: uuid */
            redeliveryOfId: string | null;
            /** @description The JSON body sent: {event, timestamp, workspaceId, data} */
            payload?: unknown;
            nextAttemptAt: string | null;
            lastAttemptAt: string | null;
            createdAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
