import type { AppContext } from "../../http/context";
import { defineRoute, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams } from "../../lib/zod";
import { acceptRecommendationBody, blueprint, phaseParams, recommendationParams, recommendationSet, savedSection, saveSectionBody, sectionParams } from "./blueprint.schema";
import * as service from "./blueprint.service";
import { recommend } from "./blueprint.recommendations";

const tags = ["Blueprint"];
const chatThread = { description: "The thread is a chat thread, not a blueprint thread" };

export function blueprintRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/threads/:id/blueprint",
      summary: "The Blueprint wizard of a blueprint thread: the guide's phases, sections and questions with the saved answers, progress, and the SYSTEM_BLUEPRINT.md artifact",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "The blueprint", schema: envelope(blueprint) }, 409: chatThread },
      handler: async ({ auth, params }) => ok(await service.getBlueprint(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "put",
      path: "/threads/:id/blueprint/sections/:sectionKey",
      summary: "Save a section's answers (they replace its answers); SYSTEM_BLUEPRINT.md is rewritten from all answers as a new artifact version (created on the first save)",
      tags,
      auth: "required",
      request: { params: sectionParams, body: saveSectionBody },
      responses: { 200: { description: "Saved", schema: envelope(savedSection) }, 404: { description: "Unknown thread or section" }, 409: { description: "A chat thread, or a stale version (body or If-Match): the current section is in `error.current`" } },
      handler: async ({ req, auth, params, body }) => ok(await service.saveSection(ctx, auth.userId, params.id, params.sectionKey, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "post",
      path: "/threads/:id/blueprint/phases/:phaseKey/recommendations",
      summary: "Ask the AI provider for recommendations on a phase's answers (architecture, stack, risks…); they are stored as the phase's recommendations (replacing earlier ones, shown again with the blueprint) and nothing goes into the document until one is accepted",
      tags,
      auth: "required",
      request: { params: phaseParams },
      responses: {
        200: { description: "Recommendations", schema: envelope(recommendationSet) },
        400: { description: "The phase has no answers yet" },
        404: { description: "Unknown thread or phase (also without a provider)" },
        409: chatThread,
        429: { description: "AI_BUDGET_EXCEEDED or RATE_LIMITED" },
        502: { description: "AI_UNAVAILABLE, or AI_INVALID_OUTPUT when the answer did not match the format after one repair" },
        503: { description: "AI_NOT_CONFIGURED" },
      },
      handler: async ({ auth, params }) => ok(await recommend(ctx, auth.userId, params.id, params.phaseKey)),
    }),
    defineRoute({
      method: "post",
      path: "/threads/:id/blueprint/phases/:phaseKey/recommendations/accept",
      summary: "Accept a recommendation (possibly edited) into a section of the phase: appended to the section's text and to SYSTEM_BLUEPRINT.md",
      tags,
      auth: "required",
      request: { params: phaseParams, body: acceptRecommendationBody },
      responses: { 200: { description: "Saved", schema: envelope(savedSection) }, 404: { description: "Unknown thread or phase, or a recommendationId not (or no longer) stored for the phase" }, 409: chatThread },
      handler: async ({ auth, params, body }) => ok(await service.acceptRecommendation(ctx, auth.userId, params.id, params.phaseKey, body)),
    }),
    defineRoute({
      method: "delete",
      path: "/threads/:id/blueprint/phases/:phaseKey/recommendations/:recommendationId",
      summary: "Dismiss a stored recommendation of the phase; answers the phase's remaining recommendations",
      tags,
      auth: "required",
      request: { params: recommendationParams },
      responses: { 200: { description: "The remaining recommendations", schema: envelope(recommendationSet) }, 404: { description: "Unknown thread, phase or recommendation" }, 409: chatThread },
      handler: async ({ auth, params }) => ok(await service.dismissRecommendation(ctx, auth.userId, params.id, params.phaseKey, params.recommendationId)),
    }),
  ];
}
