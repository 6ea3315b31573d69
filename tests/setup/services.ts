import net from "node:net";

/** True when something accepts TCP connections on host:port within the timeout. */
export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** Where the test run's database and Redis are, decided once by the global setup. */
export const testEnv = {
  get databaseUrl(): string {
    const url = process.env.TF_TEST_DATABASE_URL;
    if (!url) throw new Error("TF_TEST_DATABASE_URL is not set: run the tests through jest (global setup).");
    return url;
  },
  get redisUrl(): string | undefined {
    return process.env.TF_TEST_REDIS_URL || undefined;
  },
};
