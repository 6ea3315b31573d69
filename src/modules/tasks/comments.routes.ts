import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, listEnvelope } from "../../lib/zod";
import { activityItem, presentActivity } from "../activity";
import { presentComment } from "./comments.presenter";
import { comment, createCommentBody, pageQuery, updateCommentBody, watchBody, watchState } from "./comments.schema";
import * as comments from "./comments.service";

const tags = ["Comments"];

export function commentRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/tasks/:id/comments",
      summary: "Comments of a task, oldest first",
      tags,
      auth: "required",
      request: { params: idParams, query: pageQuery },
      responses: { 200: { description: "Comments", schema: listEnvelope(comment) } },
      handler: async ({ req, auth, params, query }) => {
        const r = await comments.listComments(ctx, auth.userId, params.id, query);
        return ok(r.rows.map(presentComment), pageMeta(req, query, r.total));
      },
    }),
    defineRoute({
      method: "post",
      path: "/tasks/:id/comments",
      summary: "Comment on a task (markdown; mention members as <@userId>)",
      tags,
      auth: "required",
      request: { params: idParams, body: createCommentBody },
      responses: { 201: { description: "Created", schema: envelope(comment) } },
      handler: async ({ auth, params, body: b }) => created(await comments.addComment(ctx, auth.userId, params.id, b.body)),
    }),
    defineRoute({
      method: "patch",
      path: "/comments/:id",
      summary: "Edit my comment",
      tags,
      auth: "required",
      request: { params: idParams, body: updateCommentBody },
      responses: { 200: { description: "Updated", schema: envelope(comment) }, 409: { description: "Stale version (body or If-Match): the current comment is in `error.current`" } },
      handler: async ({ req, auth, params, body: b }) => ok(await comments.editComment(ctx, auth.userId, params.id, b.body, requestedVersion(req, b.version))),
    }),
    defineRoute({
      method: "delete",
      path: "/comments/:id",
      summary: "Delete a comment (mine, or any as owner/admin)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await comments.deleteComment(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/tasks/:id/watch",
      summary: "Whether I watch a task, and who does",
      tags: ["Tasks"],
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Watch state", schema: envelope(watchState) } },
      handler: async ({ auth, params }) => ok(await comments.watchState(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "put",
      path: "/tasks/:id/watch",
      summary: "Watch or unwatch a task (watchers are told about comments)",
      tags: ["Tasks"],
      auth: "required",
      request: { params: idParams, body: watchBody },
      responses: { 200: { description: "Watch state", schema: envelope(watchState) } },
      handler: async ({ auth, params, body: b }) => ok(await comments.setWatching(ctx, auth.userId, params.id, b.watching)),
    }),
    defineRoute({
      method: "get",
      path: "/tasks/:id/activity",
      summary: "Everything that happened to a task (fields with before/after, comments), oldest first",
      tags: ["Activity"],
      auth: "required",
      request: { params: idParams, query: pageQuery },
      responses: { 200: { description: "Activity", schema: listEnvelope(activityItem) } },
      handler: async ({ req, auth, params, query }) => {
        const r = await comments.taskActivity(ctx, auth.userId, params.id, query);
        return ok(r.rows.map(presentActivity), pageMeta(req, query, r.total));
      },
    }),
  ];
}
