import net from "node:net";

/**
 * A TCP pass-through on loopback in front of a real server (Redis here) that can hold the
 * client's bytes back for `delayMs` before forwarding them, in order: a slow network between one
 * app instance and its Redis, so a test can tell "the write waited for its Redis call" from
 * "the write answered while its Redis call was still on the way".
 */
export interface DelayingProxy {
  url: string;
  /** Delay of client → server bytes from now on (0: forwarded at once). */
  delayMs: number;
  close(): Promise<void>;
}

export async function startDelayingProxy(target: { host: string; port: number }, scheme = "redis"): Promise<DelayingProxy> {
  const sockets = new Set<net.Socket>();
  const state: DelayingProxy = { url: "", delayMs: 0, close: async () => {} };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let chain = Promise.resolve();
    client.on("data", (chunk) => {
      const delay = state.delayMs;
      chain = chain.then(async () => {
        if (delay) await new Promise((r) => setTimeout(r, delay));
        if (!upstream.destroyed) upstream.write(chunk);
      });
    });
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.url = `${scheme}://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return state;
}
