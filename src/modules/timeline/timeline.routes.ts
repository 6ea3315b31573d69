import type { AppContext } from "../../http/context";
import { sendDownload } from "../../http/download";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, z } from "../../lib/zod";
import { createMilestoneBody, createPhaseBody, milestone, phase, reorderPhasesBody, timeline, timelineExportQuery, updateMilestoneBody, updatePhaseBody } from "./timeline.schema";
import * as service from "./timeline.service";

const tags = ["Timeline"];
const stale = (what: string) => ({ description: `Stale version (body or If-Match): the current ${what} is in \`error.current\`` });

export function timelineRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/projects/:id/timeline",
      summary: "The project's Gantt in one call: phases, milestones and the project's live bookings (artist, status, hold rank)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Timeline", schema: envelope(timeline) } },
      handler: async ({ auth, params }) => ok(await service.getTimeline(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "get",
      path: "/projects/:id/timeline/export",
      summary: "The project's Gantt as a PDF (A4 landscape: phases with progress and dependencies, milestones, booked artists' lanes, today)",
      description: "`format=pdf` (the only format; PNG is drawn by the web app). Answers application/pdf as an attachment `<key>-timeline-<date>.pdf`. Names outside Latin-1 print as `?` (the standard PDF fonts).",
      tags,
      auth: "required",
      request: { params: idParams, query: timelineExportQuery },
      responses: { 200: { description: "The PDF (application/pdf)" } },
      handler: async ({ res, auth, params }) => {
        const { fileName, pdf } = await service.timelinePdfFile(ctx, auth.userId, params.id);
        // The key is [A-Z0-9] and the date digits: nothing to escape in the name.
        sendDownload(res, { contentType: "application/pdf", disposition: `attachment; filename="${fileName}"`, body: pdf });
      },
    }),
    defineRoute({
      method: "get",
      path: "/projects/:id/phases",
      summary: "Phases of a project, in order",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Phases", schema: envelope(z.array(phase)) } },
      handler: async ({ auth, params }) => ok(await service.listPhases(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "post",
      path: "/projects/:id/phases",
      summary: "Add a phase at the end (owner, admin, member); `dependsOn` names phases of the same project",
      tags,
      auth: "required",
      request: { params: idParams, body: createPhaseBody },
      responses: { 201: { description: "Created", schema: envelope(phase) } },
      handler: async ({ auth, params, body }) => created(await service.createPhase(ctx, auth.userId, params.id, body)),
    }),
    defineRoute({
      method: "post",
      path: "/projects/:id/phases/reorder",
      summary: "Put the project's phases in a new order (every phase once)",
      tags,
      auth: "required",
      request: { params: idParams, body: reorderPhasesBody },
      responses: { 200: { description: "The phases in their new order", schema: envelope(z.array(phase)) } },
      handler: async ({ auth, params, body }) => ok(await service.reorderPhases(ctx, auth.userId, params.id, body.order)),
    }),
    defineRoute({
      method: "patch",
      path: "/phases/:id",
      summary: "Rename, move, resize, set progress, colour or dependencies of a phase",
      description:
        "A dependency cycle answers 409 with the phases of the cycle in `details`. A dependency this phase starts too early for is not refused: it is listed in `lateDependencies`. With `shiftDependents: true` every phase depending on this one, directly or not, moves by as many days as this phase's end moved, in the same transaction; they are in `meta.shifted`.",
      tags,
      auth: "required",
      request: { params: idParams, body: updatePhaseBody },
      responses: {
        200: { description: "Updated", schema: envelope(phase).extend({ meta: z.object({ shifted: z.array(phase) }) }) },
        409: { description: "Stale version (the current phase is in `error.current`), or the dependencies would make a cycle (its phases in `details`)" },
      },
      handler: async ({ req, auth, params, body }) => {
        const { phase: updated, shifted } = await service.updatePhase(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) });
        return ok(updated, { meta: { shifted } });
      },
    }),
    defineRoute({
      method: "delete",
      path: "/phases/:id",
      summary: "Delete a phase (its dependencies go, its milestones stay without a phase)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await service.deletePhase(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/projects/:id/milestones",
      summary: "Milestones of a project, by date",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Milestones", schema: envelope(z.array(milestone)) } },
      handler: async ({ auth, params }) => ok(await service.listMilestones(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "post",
      path: "/projects/:id/milestones",
      summary: "Add a milestone (optionally on a phase of the project)",
      tags,
      auth: "required",
      request: { params: idParams, body: createMilestoneBody },
      responses: { 201: { description: "Created", schema: envelope(milestone) } },
      handler: async ({ auth, params, body }) => created(await service.createMilestone(ctx, auth.userId, params.id, body)),
    }),
    defineRoute({
      method: "patch",
      path: "/milestones/:id",
      summary: "Rename, move, tick off a milestone or change its phase",
      tags,
      auth: "required",
      request: { params: idParams, body: updateMilestoneBody },
      responses: { 200: { description: "Updated", schema: envelope(milestone) }, 409: stale("milestone") },
      handler: async ({ req, auth, params, body }) => ok(await service.updateMilestone(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "delete",
      path: "/milestones/:id",
      summary: "Delete a milestone",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await service.deleteMilestone(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
  ];
}
