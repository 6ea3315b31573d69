import request from "supertest";
import { startOpenAiServer, type ScriptedAiServer } from "../helpers/ai-servers";
import { readmeServerBlock, startNginx, type RunningNginx } from "../helpers/nginx";
import { connectSocket, join, nextEvent, startLiveApp, type LiveApp } from "../helpers/realtime";
import { openSse, type SseEvent } from "../helpers/sse";
import { createTeam, type Team } from "../helpers/team";

/**
 * The README's nginx example in front of the app, run by a real nginx: an
 * assistant answer streams through it as it is generated (SPEC §4.6), and
 * Socket.IO upgrades to a websocket through it. Also through a proxy that
 * buffers: the block with nginx's default `proxy_buffering on` and gzip for
 * event streams, which holds a stream until it ends (measured: all four
 * events at once) unless the app answers `X-Accel-Buffering: no`, as it does.
 */

let ai: ScriptedAiServer;
let app: LiveApp;
let team: Team;
let threadId: string;
let readme: RunningNginx;
let buffering: RunningNginx;

beforeAll(async () => {
  ai = await startOpenAiServer();
  app = await startLiveApp({ env: { AI_PROVIDER: "openai-compatible", AI_BASE_URL: ai.baseUrl, AI_MODEL: "scripted", AI_TIMEOUT_MS: "10000", AI_MAX_RETRIES: "0", AI_RATE_LIMIT_PER_HOUR: "100000" } });
  readme = await startNginx((port) => readmeServerBlock(port, app.url));
  buffering = await startNginx((port) =>
    readmeServerBlock(port, app.url, (block) => {
      if (!block.includes("proxy_buffering off;")) throw new Error("README's nginx block no longer turns proxy_buffering off");
      return block.replace("proxy_buffering off;", "proxy_buffering on;").replace("location / {", "gzip on; gzip_types text/event-stream; gzip_min_length 0;\n  location / {");
    }),
  );
  team = await createTeam(app.app, "Proxied");
  const project = (await request(app.app).post(`/api/v1/workspaces/${team.workspaceId}/projects`).set(team.owner.auth).send({ name: "Proxy", key: "PRX" }).expect(201)).body.data;
  threadId = (await request(app.app).post(`/api/v1/projects/${project.id}/threads`).set(team.member.auth).send({ mode: "chat" }).expect(201)).body.data.id;
}, 60_000);

afterAll(async () => {
  await readme?.close();
  await buffering?.close();
  await app?.close();
  await ai?.close();
});

/** Asks through `base` and notes when each event arrived. */
async function askThrough(base: string, content: string) {
  const arrived = new Map<SseEvent, number>();
  const s = await openSse(`${base}/api/v1/threads/${threadId}/messages`, { method: "POST", headers: { ...(team.member.auth as Record<string, string>), "accept-encoding": "gzip" }, body: { content } });
  const first = s.until((e) => e.event === "chunk").then((e) => arrived.set(e, Date.now()));
  const events = await s.ended;
  await first;
  return { s, events, firstChunkAt: [...arrived.values()][0]!, endedAt: Date.now() };
}

describe.each([
  ["the README's nginx example", () => readme],
  ["a proxy that buffers (proxy_buffering on, gzip for event streams)", () => buffering],
])("through %s", (_name, proxy) => {
  it("an assistant answer arrives as it is generated, not all at the end", async () => {
    // Four pieces 400 ms apart: a buffered stream would arrive in one piece after about 1.2 s.
    ai.script({ kind: "answer", text: "Cards, then receipts, then refunds, then reports.", pieces: 4, paceMs: 400, usage: { input: 5, output: 8 } });
    const { s, events, firstChunkAt, endedAt } = await askThrough(proxy().url, "What comes first?");
    expect(s.status).toBe(200);
    expect(s.headers["content-type"]).toMatch(/^text\/event-stream/);
    expect(events.map((e) => e.event)).toEqual(["start", "chunk", "chunk", "chunk", "chunk", "complete"]);
    expect(events.filter((e) => e.event === "chunk").map((e) => e.data.text).join("")).toBe("Cards, then receipts, then refunds, then reports.");
    expect(endedAt - firstChunkAt).toBeGreaterThan(800);
  }, 30_000);

  it("Socket.IO upgrades to a websocket and receives the workspace's events", async () => {
    const socket = await connectSocket(proxy().url, team.owner.accessToken);
    try {
      expect(socket.io.engine.transport.name).toBe("websocket");
      expect((await join(socket, [`workspace:${team.workspaceId}`])).joined).toEqual([`workspace:${team.workspaceId}`]);
      const name = `Proxied studio ${Date.now()}`;
      const renamed = nextEvent<{ data: { name: string } }>(socket, "workspace.updated", (e) => e.data.name === name);
      await request(app.app).patch(`/api/v1/workspaces/${team.workspaceId}`).set(team.owner.auth).send({ name }).expect(200);
      expect((await renamed).data.name).toBe(name);
    } finally {
      socket.close();
    }
  }, 30_000);
});
