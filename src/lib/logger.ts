import winston from "winston";

/** JSON logs on stdout; request-scoped children carry `requestId`. */
export const logger = winston.createLogger({
  level: "info",
  format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json()),
  defaultMeta: { service: "teamflow" },
  transports: [new winston.transports.Console()],
});

export function configureLogger(level: string, silent = false): void {
  logger.level = level;
  logger.transports.forEach((t) => (t.silent = silent));
}
