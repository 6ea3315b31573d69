import http from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { attachRealtime, type Realtime } from "../../src/realtime/realtime";
import { createTestApp, type TestApp, type TestAppOptions } from "./app";

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

/** Collects every `event` payload received, to assert that something did NOT arrive. */
export function record<T = any>(socket: Socket, event: string): T[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}
