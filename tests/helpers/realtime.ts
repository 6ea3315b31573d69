import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Express } from "express";
import { io as connect, type Socket } from "socket.io-client";
import request from "supertest";
import { attachRealtime, type Realtime } from "../../src/realtime/realtime";
import { createTestApp, createWorkspace, type TestApp, type TestAppOptions, type TestUser } from "./app";

export interface LiveApp extends TestApp {
  url: string;
  realtime: Realtime;
}

/** The app with Socket.IO attached, listening on a free port. */
export async function startLiveApp(options: TestAppOptions = {}): Promise<LiveApp> {
  const t = await createTestApp(options);
  const server = http.createServer(t.app);
  const realtime = await attachRealtime(t.ctx, server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...t,
    url: `http://127.0.0.1:${port}`,
    realtime,
    async close() {
      server.closeAllConnections();
      await realtime.close();
      await t.close();
    },
  };
}

/** A connected socket.io-client, or the connect error. */
export function connectSocket(url: string, token: string | undefined): Promise<Socket> {
  const socket = connect(url, { path: "/socket.io", auth: token ? { token } : {}, transports: ["websocket"], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.close();
      reject(err);
    });
  });
}

export function join(socket: Socket, rooms: string[]): Promise<{ joined: string[]; refused: string[] }> {
  return socket.timeout(5000).emitWithAck("join", rooms);
}

/** Resolves with the next `event` payload that matches, or rejects after `ms`. */
export function nextEvent<T = any>(socket: Socket, event: string, match: (p: T) => boolean = () => true, ms = 5000): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const handler = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

/**
 * A change the test can make whenever it needs an event that `socket` DOES receive:
 * renaming a workspace of the socket's user's own, whose room the socket is in.
 */
export interface Sentinel {
  workspaceId: string;
  /** Renames the sentinel workspace and resolves once its workspace.updated has reached the socket. */
  fire(): Promise<void>;
}

export async function sentinelFor(app: Express, user: TestUser, socket: Socket): Promise<Sentinel> {
  const workspaceId = await createWorkspace(app, user, "Sentinel");
  const room = `workspace:${workspaceId}`;
  const { joined } = await join(socket, [room]);
  if (!joined.includes(room)) throw new Error(`sentinel: the socket could not join ${room}`);
  let fired = 0;
  return {
    workspaceId,
    async fire() {
      const name = `Sentinel ${++fired}`;
      const arrived = nextEvent(socket, "workspace.updated", (p: { workspaceId: string; data: { name: string } }) => p.workspaceId === workspaceId && p.data.name === name);
      const res = await request(app).patch(`/api/v1/workspaces/${workspaceId}`).set(user.auth).send({ name });
      if (res.status !== 200) throw new Error(`sentinel: renaming its workspace answered ${res.status} ${JSON.stringify(res.body)}`);
      await arrived.catch((err: Error) => {
        throw new Error(`sentinel: ${err.message} (the socket never got the sentinel, so the check proves nothing)`);
      });
    },
  };
}

/**
 * "This socket must NOT receive these events" without a fixed wait: records
 * `events` on `socket` while `change` runs, then fires `sentinel` (a change
 * published after it, that the socket does receive) and waits for its event. A
 * socket gets its events in order, so whatever `change` caused would have come
 * before the sentinel; none may have. The sentinel's own events are not counted.
 */
export async function expectNotReceived(socket: Socket, events: string[], change: () => Promise<unknown>, sentinel: Sentinel): Promise<void> {
  const seen: Array<{ event: string; payload: unknown }> = [];
  const listeners = events.map((event) => {
    const listener = (payload: { workspaceId?: string }) => {
      if (payload?.workspaceId !== sentinel.workspaceId) seen.push({ event, payload });
    };
    socket.on(event, listener);
    return () => socket.off(event, listener);
  });
  try {
    await change();
    await sentinel.fire();
  } finally {
    listeners.forEach((off) => off());
  }
  expect(seen).toEqual([]);
}
