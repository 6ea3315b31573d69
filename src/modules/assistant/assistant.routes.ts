import type { Request, Response } from "express";
import type { AppContext } from "../../http/context";
import { pageMeta } from "../../http/pagination";
import { created, defineRoute, noContent, ok, requestedVersion, type AnyRoute } from "../../http/route";
import { envelope, idParams, listEnvelope, z } from "../../lib/zod";
import {
  createThreadBody,
  listMessagesQuery,
  listThreadsQuery,
  message,
  messagesPage,
  sendMessageBody,
  sentMessage,
  SSE_DESCRIPTION,
  streamQuery,
  thread,
  updateThreadBody,
} from "./assistant.schema";
import * as assistant from "./assistant.service";
import { artifactSummary, listArtifactsQuery } from "../artifacts";

/** A thread's artifacts: the project list's filters, less the thread (it is the path). */
const threadArtifactsQuery = listArtifactsQuery.omit({ threadId: true });
import { lastEventId, pipeEvents } from "./sse";

const tags = ["Assistant"];

const wantsStream = (req: Request) => (req.get("accept") ?? "").includes("text/event-stream");

/** The answer in this response as SSE when asked for, else 201 with the ids to stream it from. */
async function reply(ctx: AppContext, req: Request, res: Response, userId: string, sent: assistant.Sent) {
  if (!wantsStream(req)) return created({ ...sent.asked, messageId: sent.messageId, userMessageId: sent.userMessageId });
  await pipeEvents(ctx, req, res, sent.messageId, 0, async () => (await assistant.resolveMessage(ctx, userId, sent.messageId)).message);
}

const streamed = { description: SSE_DESCRIPTION };
const noProvider = { description: "No AI provider is configured (AI_NOT_CONFIGURED, naming the AI_* variables)" };

export function assistantRoutes(ctx: AppContext): AnyRoute[] {
  return [
    defineRoute({
      method: "get",
      path: "/projects/:id/threads",
      summary: "Assistant threads of a project, most recently active first",
      tags,
      auth: "required",
      request: { params: idParams, query: listThreadsQuery },
      responses: { 200: { description: "Threads", schema: listEnvelope(thread) } },
      handler: async ({ req, auth, params, query }) => {
        const { rows, total } = await assistant.listThreads(ctx, auth.userId, params.id, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "post",
      path: "/projects/:id/threads",
      summary: "Start an assistant thread (chat or blueprint)",
      tags,
      auth: "required",
      request: { params: idParams, body: createThreadBody },
      responses: { 201: { description: "Created", schema: envelope(thread) } },
      handler: async ({ auth, params, body }) => created(await assistant.createThread(ctx, auth.userId, params.id, body)),
    }),
    defineRoute({
      method: "get",
      path: "/threads/:id",
      summary: "An assistant thread",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 200: { description: "Thread", schema: envelope(thread) } },
      handler: async ({ auth, params }) => ok(await assistant.getThread(ctx, auth.userId, params.id)),
    }),
    defineRoute({
      method: "get",
      path: "/threads/:id/artifacts",
      summary: "Artifacts of a thread (made by its create_artifact tool or linked to it), newest change first",
      tags,
      auth: "required",
      request: { params: idParams, query: threadArtifactsQuery },
      responses: { 200: { description: "Artifacts (without their content)", schema: listEnvelope(artifactSummary) } },
      handler: async ({ req, auth, params, query }) => {
        const { total, rows } = await assistant.listThreadArtifacts(ctx, auth.userId, params.id, query);
        return ok(rows, pageMeta(req, query, total));
      },
    }),
    defineRoute({
      method: "patch",
      path: "/threads/:id",
      summary: "Rename a thread",
      tags,
      auth: "required",
      request: { params: idParams, body: updateThreadBody },
      responses: { 200: { description: "Updated", schema: envelope(thread) }, 409: { description: "Stale version (body or If-Match): the current thread is in `error.current`" } },
      handler: async ({ req, auth, params, body }) => ok(await assistant.updateThread(ctx, auth.userId, params.id, { ...body, version: requestedVersion(req, body.version) })),
    }),
    defineRoute({
      method: "delete",
      path: "/threads/:id",
      summary: "Delete a thread and its messages (a running answer is stopped)",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 204: { description: "Deleted" } },
      handler: async ({ auth, params }) => {
        await assistant.deleteThread(ctx, auth.userId, params.id);
        return noContent();
      },
    }),
    defineRoute({
      method: "get",
      path: "/threads/:id/messages",
      summary: "Messages of a thread, newest last; `before` pages to older ones",
      tags,
      auth: "required",
      request: { params: idParams, query: listMessagesQuery },
      responses: { 200: { description: "Messages", schema: messagesPage } },
      handler: async ({ auth, params, query }) => ({ status: 200, body: await assistant.listMessages(ctx, auth.userId, params.id, query) }),
    }),
    defineRoute({
      method: "post",
      path: "/threads/:id/messages",
      summary: "Ask the assistant: saves the message, then streams the answer (Accept: text/event-stream) or answers 201 with its id",
      description: "The user message is saved first and stays when the provider fails. With `Accept: text/event-stream` the answer streams in this response; otherwise follow it at GET /threads/:id/stream?messageId=. The generation goes on if the client disconnects.",
      tags,
      auth: "required",
      request: { params: idParams, body: sendMessageBody },
      responses: { 200: streamed, 201: { description: "The saved user message, with `messageId` of the answer being generated", schema: sentMessage }, 409: { description: "Another answer of this thread is still streaming" }, 503: noProvider },
      handler: async ({ req, res, auth, params, body }) => reply(ctx, req, res, auth.userId, await assistant.sendMessage(ctx, auth.userId, params.id, body.content)),
    }),
    defineRoute({
      method: "get",
      path: "/threads/:id/stream",
      summary: "Follow an answer as SSE, from the start or after Last-Event-ID",
      description: "Replays the answer's events after `Last-Event-ID` (header) or `lastEventId` (query) and follows it to `complete` or `error`, from any tab or app instance. A finished answer replays and ends; after the grace period the stored message is served as start + chunk + complete.",
      tags,
      auth: "required",
      request: { params: idParams, query: streamQuery },
      responses: { 200: streamed },
      handler: async ({ req, res, auth, params, query }) => {
        const { message: m } = await assistant.resolveMessage(ctx, auth.userId, query.messageId, params.id);
        await pipeEvents(ctx, req, res, m.id, lastEventId(req, query.lastEventId), async () => (await assistant.resolveMessage(ctx, auth.userId, m.id)).message);
      },
    }),
    defineRoute({
      method: "post",
      path: "/messages/:id/stop",
      summary: "Stop an answer being generated (assistant message id, or the user message it answers)",
      description: "Works from any instance. The stream ends with `complete` finishReason \"stopped\"; the partial answer is kept. A finished answer is returned as it is.",
      tags,
      auth: "required",
      request: { params: idParams },
      responses: { 202: { description: "Stop requested (the message as it was)", schema: envelope(message) } },
      handler: async ({ auth, params }) => ({ status: 202, body: { data: await assistant.stopMessage(ctx, auth.userId, params.id) } }),
    }),
    defineRoute({
      method: "post",
      path: "/messages/:id/retry",
      summary: "Answer the same user message again (after a failed or stopped answer)",
      description: "Takes the assistant message (or the user message). A new assistant message answers the user message; streams like POST /threads/:id/messages.",
      tags,
      auth: "required",
      request: { params: idParams, body: z.object({}).strict().optional() },
      responses: { 200: streamed, 201: { description: "The new answer is being generated", schema: sentMessage }, 409: { description: "Still streaming" }, 503: noProvider },
      handler: async ({ req, res, auth, params }) => reply(ctx, req, res, auth.userId, await assistant.retryMessage(ctx, auth.userId, params.id)),
    }),
  ];
}
