import { loadConfig } from "./config/env";
import { configureLogger, logger } from "./lib/logger";
import { startServer, type RunningServer } from "./server";

async function main() {
  const config = loadConfig();
  configureLogger(config.LOG_LEVEL);
  // Set once started; a signal before then finds it empty.
  const running: { server?: RunningServer } = {};
  const shutdown = (signal: string) => {
    const server = running.server;
    if (!server) {
      // Still starting: exit now; the embedded database's exit hook stops it too.
      logger.info("stopped during start-up", { signal });
      process.exit(1);
    }
    logger.info("shutting down", { signal });
    const force = setTimeout(() => {
      logger.error("shutdown timed out; exiting");
      process.exit(1);
    }, 20_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (err) => {
        logger.error("shutdown failed", { err: (err as Error).message });
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
  running.server = await startServer(config);
}

main().catch((err: unknown) => {
  logger.error("failed to start", { err: err instanceof Error ? { message: err.message, stack: err.stack } : err });
  console.error(`TeamFlow failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
