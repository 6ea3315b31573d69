import type { AppContext } from "../../http/context";
import { sendDownload } from "../../http/download";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, listEnvelope } from "../../lib/zod";
import { diffVersions } from "./artifacts.diff";
import {
  artifact,
  artifactDiff,
  artifactSummary,
  artifactVersion,
  artifactVersionSummary,
  createArtifactBody,
  diffQuery,
  exportQuery,
  listArtifactsQuery,
  listVersionsQuery,
  updateArtifactBody,
  versionParams,
} from "./artifacts.schema";
import * as artifacts from "./artifacts.service";
import { exportArtifact } from "./export/export";

const tags = ["Artifacts"];

export function artifactRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/projects/:id/artifacts",
      summary: "Artifacts of a project, last changed first (filter by type, thread, title)",
      tags,
      auth: "required",
      request: { params: idParams, query: listArtifactsQuery },
      responses: { 200: { description: "Artifacts (without their content)", schema: listEnvelope(artifactSummary) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await artifacts.listProjectArtifacts(ctx, auth.userId, params.id, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "post",
      path: "/projects/:id/artifacts",
      summary: "Create an artifact (owner, admin, member); it is version 1",
      tags,
      auth: "required",
      request: { params: idParams, body: createArtifactBody },
      responses: { 201: { description: "Created", schema: envelope(artifact) } },
      handler: async ({ auth, params, body }) => created(await artifacts.createProjectArtifact(ctx, auth.userId, params.id, body)),
    }),
    defineRoute({
      method: "get",
      path: "/artifacts/:id",
      summary: "An artifact with its current content",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "The artifact", schema: envelope(artifact) } },
      handler: async ({ auth, params }) => ok(await artifacts.getArtifact(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "patch",
      path: "/artifacts/:id",
      summary: "Edit an artifact's title, content or type: a new version",
      description: "`version` (body or If-Match) is required; a stale one answers 409 with the current artifact in `error.current`.",
      tags,
      auth: "required",
      request: { params: idParams, body: updateArtifactBody },
      responses: { 200: { description: "Updated", schema: envelope(artifact) }, 409: { description: "Stale version" } },
      handler: async ({ req, auth, params, body }) => ok(await artifacts.updateArtifact(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "delete",
      path: "/artifacts/:id",
      summary: "Delete an artifact and its versions",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await artifacts.deleteArtifact(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/artifacts/:id/versions",
      summary: "An artifact's versions, newest first (without their content)",
      tags,
      auth: "required",
      request: { params: idParams, query: listVersionsQuery },
      responses: { 200: { description: "Versions", schema: listEnvelope(artifactVersionSummary) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await artifacts.listVersions(ctx, auth.userId, params.id, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "get",
      path: "/artifacts/:id/versions/:version",
      summary: "One version of an artifact, with its content",
      tags,
      auth: "required",
      request: { params: versionParams },
      responses: { 200: { description: "The version", schema: envelope(artifactVersion) } },
      handler: async ({ auth, params }) => ok(await artifacts.getVersion(ctx, auth.userId, params.id, params.version)),
    }),
    defineRoute({
      method: "get",
      path: "/artifacts/:id/diff",
      summary: "Line diff between two versions (hunks and a unified diff)",
      tags,
      auth: "required",
      request: { params: idParams, query: diffQuery },
      responses: { 200: { description: "The diff from `from` to `to`", schema: envelope(artifactDiff) } },
      handler: async ({ auth, params, query }) => {
        const pair = await artifacts.loadVersionPair(ctx, auth.userId, params.id, query.from, query.to);
        return ok(diffVersions(pair.from, pair.to));
      },
    }),
    defineRoute({
      method: "get",
      path: "/artifacts/:id/export",
      summary: "Download an artifact as Markdown, PDF or Word (DOCX)",
      description:
        "All three are made from one Markdown syntax tree (CommonMark + GFM). `md` is the content normalised. The PDF uses the standard PDF fonts, which cover Latin-1 (WinAnsi) only: other characters are printed as `?`. The file name comes from the title (`filename*` in UTF-8, with an ASCII `filename` fallback).",
      tags,
      auth: "required",
      request: { params: idParams, query: exportQuery },
      responses: { 200: { description: "The file (text/markdown, application/pdf or the DOCX type), as an attachment" } },
      handler: async ({ res, auth, params, query }) => {
        const a = await artifacts.getArtifact(ctx, auth.userId, params.id);
        const file = await exportArtifact(a, query.format);
        sendDownload(res, file);
      },
    }),
  ];
}
