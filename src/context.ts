import type { Redis } from "ioredis";
import type { Config } from "./config/env";
import type { Secrets } from "./config/secrets";
import type { Db } from "./db/client";
import { subscribeReadCache } from "./cache/reads";
import { EventBus } from "./events/bus";
import type { AppContext } from "./http/context";
import { createJobQueue } from "./jobs";
import { allJobs } from "./jobs/registry";
import { createStorage, type FileStorage } from "./modules/files";
import { subscribeNotifications } from "./modules/notifications";
import { projectRoomAuthorizer } from "./modules/projects";
import { subscribeSprintSnapshots } from "./modules/stats";
import { taskRoomAuthorizer } from "./modules/tasks";
import { roomAuthorizers } from "./realtime/rooms";
import { subscribeWebhooks } from "./modules/webhooks";
import { provideAssistantTools, type ToolImplementations } from "./modules/assistant";
import { createArtifact, type NewArtifact } from "./modules/artifacts";
import { searchProjectPassages } from "./modules/documents";
import { withEvents } from "./events/unit-of-work";

/**
 * The assistant's tools that belong to other modules: search_documents reads the
 * project's passages (ready documents only); create_artifact saves an artifact of
 * the thread, announced after commit like one made in the UI.
 */
const assistantTools: ToolImplementations = {
  searchDocuments: (call, query) => searchProjectPassages(call.ctx.db, { workspaceId: call.workspaceId, projectId: call.projectId, query, limit: 5 }),
  createArtifact: (call, input) =>
    withEvents(call.ctx, ({ emit }) =>
      createArtifact(call.ctx.db, { workspaceId: call.workspaceId, projectId: call.projectId, threadId: call.threadId, type: input.type as NewArtifact["type"], title: input.title, content: input.content, createdBy: call.userId, sourceMessageId: null }, emit),
    ),
};

export interface ContextDeps {
  config: Config;
  secrets: Secrets;
  db: Db;
  redis?: Redis;
  /** Key prefix of BullMQ queues (tests isolate runs with it). */
  jobPrefix?: string;
  now?: () => Date;
  /** Attachment storage; default the configured driver (STORAGE_DRIVER). */
  storage?: FileStorage;
  /** How outgoing webhooks resolve host names (default the system resolver; tests script DNS answers with it). */
  resolveHost?: AppContext["resolveHost"];
}

/** Wires the shared services every module receives: one place, used by the server and the tests. */
export function createContext(deps: ContextDeps): AppContext {
  const jobs = createJobQueue(deps.config.REDIS_URL, [], deps.jobPrefix);
  const ctx: AppContext = {
    config: deps.config,
    secrets: deps.secrets,
    db: deps.db,
    redis: deps.redis,
    events: new EventBus(),
    rooms: roomAuthorizers({ project: projectRoomAuthorizer, task: taskRoomAuthorizer }),
    jobs,
    storage: deps.storage ?? createStorage(deps.config),
    now: deps.now ?? (() => new Date()),
    resolveHost: deps.resolveHost,
  };
  // Every module's jobs and event subscribers, registered here and nowhere else
  // (realtime subscribes when it attaches to the HTTP server, src/server.ts).
  jobs.register(allJobs(ctx));
  subscribeNotifications(ctx);
  subscribeSprintSnapshots(ctx);
  subscribeWebhooks(ctx);
  subscribeReadCache(ctx);
  provideAssistantTools(ctx, assistantTools);
  return ctx;
}
