import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import type { ZodType } from "zod";
import { errorEnvelope } from "../lib/zod";
import type { AnyRoute } from "./route";

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: errorEnvelope } },
});

/** Error responses every route can give, added from what the route declares. */
function standardErrors(route: AnyRoute) {
  const errors: Record<string, ReturnType<typeof errorResponse>> = {};
  const hasInput = Boolean(route.request?.body || route.request?.query || route.request?.params);
  if (hasInput) errors["400"] = errorResponse("Invalid input (VALIDATION_ERROR or INVALID_JSON)");
  if (route.auth === "required") errors["401"] = errorResponse("Missing, invalid or expired credentials (UNAUTHORIZED)");
  if (route.request?.params || route.auth === "required") errors["403"] = errorResponse("Not allowed for this role or token scope (FORBIDDEN)");
  if (route.request?.params) errors["404"] = errorResponse("Not found, or belongs to a workspace you are not a member of (NOT_FOUND)");
  if (route.request?.body) {
    errors["413"] = errorResponse("Body larger than 1 MB (PAYLOAD_TOO_LARGE)");
    errors["415"] = errorResponse("Body is not application/json (UNSUPPORTED_MEDIA_TYPE)");
  }
  if (route.multipart) errors["415"] = errorResponse("Body is not multipart/form-data (UNSUPPORTED_MEDIA_TYPE)");
  errors["429"] = errorResponse("Too many requests (RATE_LIMITED); see Retry-After");
  errors["500"] = errorResponse("Unexpected error (INTERNAL_ERROR)");
  return errors;
}

function toOpenApiPath(path: string) {
  return path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

/** Builds the OpenAPI 3.1 document from the same route definitions that serve requests. */
export function buildOpenApiDocument(routes: AnyRoute[], serverUrl: string) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "Access token from /auth/login, /auth/register or /auth/refresh, or a personal API token (tf_...).",
  });
  registry.registerComponent("securitySchemes", "refreshCookie", {
    type: "apiKey",
    in: "cookie",
    name: "tf_refresh",
    description: "httpOnly refresh-token cookie set by login/register/refresh.",
  });

  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = spec.schema
        ? { description: spec.description, content: { "application/json": { schema: spec.schema } } }
        : { description: spec.description };
    }
    registry.registerPath({
      method: route.method,
      path: `${route.base ?? "/api/v1"}${toOpenApiPath(route.path)}`,
      summary: route.summary,
      description: route.description,
      tags: route.tags,
      security: route.auth === "required" ? [{ bearerAuth: [] }] : route.auth === "optional" ? [{ bearerAuth: [] }, {}] : [],
      request: {
        params: route.request?.params as never,
        query: route.request?.query as never,
        body: route.request?.body
          ? { required: true, content: { "application/json": { schema: route.request.body as ZodType }, ...(route.multipart ? { "multipart/form-data": { schema: route.multipart } } : {}) } }
          : route.multipart
            ? { required: true, content: { "multipart/form-data": { schema: route.multipart } } }
            : undefined,
      },
      responses: { ...standardErrors(route), ...responses } as never,
    });
  }

  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "TeamFlow API",
      version: "1.0.0",
      description:
        "REST API of TeamFlow. Success bodies are `{data, meta}`; errors are `{error: {code, message, details}, meta: {requestId, timestamp}}`.",
    },
    servers: [{ url: serverUrl }],
  });
}
