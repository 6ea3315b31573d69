import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "./env";

export interface Secrets {
  jwtSecret: string;
}

/**
 * Secrets come from the environment; outside production a missing one is
 * generated once and kept in DATA_DIR/secrets.json so sessions survive restarts.
 */
export function resolveSecrets(config: Config): Secrets {
  if (config.JWT_SECRET) return { jwtSecret: config.JWT_SECRET };
  const file = path.join(config.DATA_DIR, "secrets.json");
  let stored: Partial<Secrets> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Secrets>;
  if (!stored.jwtSecret) {
    stored.jwtSecret = crypto.randomBytes(48).toString("base64url");
    fs.mkdirSync(config.DATA_DIR, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return { jwtSecret: stored.jwtSecret };
}
