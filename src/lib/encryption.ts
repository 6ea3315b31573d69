import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Encryption at rest (AES-256-GCM) for what users upload as content (the AI
 * documents). One current key encrypts; older keys only decrypt, so a key can
 * rotate: every ciphertext is stored with the id of the key that made it.
 * A key id is the first 16 hex digits of SHA-256 of the key, so it names the
 * key without revealing it.
 */

export interface Sealed {
  keyId: string;
  iv: Buffer;
  authTag: Buffer;
  ciphertext: Buffer;
}

export interface Keyring {
  current: { id: string; key: Buffer };
  byId: Map<string, Buffer>;
}

export interface KeySettings {
  ENCRYPTION_KEY?: string;
  /** Comma-separated earlier keys, for decrypting what they encrypted. */
  ENCRYPTION_KEYS_OLD?: string;
  DATA_DIR: string;
  isProduction: boolean;
}

const KEY_FILE = "encryption.key";

/** A 32-byte key from base64 (standard or url-safe) or 64 hex digits; throws naming the variable otherwise. */
export function parseKey(raw: string, variable = "ENCRYPTION_KEY"): Buffer {
  const text = raw.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (key.length !== 32) throw new Error(`Invalid configuration:\n  ${variable}: must be 32 bytes, as base64 or 64 hex digits (openssl rand -base64 32)`);
  return key;
}

export const keyIdOf = (key: Buffer) => crypto.createHash("sha256").update(key).digest("hex").slice(0, 16);

/**
 * The keyring of the configuration: ENCRYPTION_KEY, or outside production a
 * key generated once into DATA_DIR/encryption.key (mode 0600) and reused.
 * Production without ENCRYPTION_KEY is refused (the config check says so first).
 */
export function loadKeyring(settings: KeySettings): Keyring {
  const current = settings.ENCRYPTION_KEY ? parseKey(settings.ENCRYPTION_KEY) : settings.isProduction ? missingInProduction() : embeddedKey(settings.DATA_DIR);
  const old = (settings.ENCRYPTION_KEYS_OLD ?? "").split(",").map((s) => s.trim()).filter(Boolean).map((k) => parseKey(k, "ENCRYPTION_KEYS_OLD"));
  const byId = new Map<string, Buffer>();
  for (const key of [...old, current]) byId.set(keyIdOf(key), key);
  return { current: { id: keyIdOf(current), key: current }, byId };
}

function missingInProduction(): never {
  throw new Error("Invalid configuration:\n  ENCRYPTION_KEY: required when NODE_ENV=production (32 bytes, base64 or hex: openssl rand -base64 32)");
}

function embeddedKey(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  if (fs.existsSync(file)) return parseKey(fs.readFileSync(file, "utf8"), file);
  fs.mkdirSync(dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  try {
    // "wx": two processes starting together must not each write their own key.
    fs.writeFileSync(file, key.toString("base64"), { mode: 0o600, flag: "wx" });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return parseKey(fs.readFileSync(file, "utf8"), file);
    throw err;
  }
}

/** Encrypts with the current key; a fresh 12-byte IV every time. */
export function seal(ring: Keyring, plaintext: Buffer | string): Sealed {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", ring.current.key, iv);
  const ciphertext = Buffer.concat([cipher.update(typeof plaintext === "string" ? Buffer.from(plaintext, "utf8") : plaintext), cipher.final()]);
  return { keyId: ring.current.id, iv, authTag: cipher.getAuthTag(), ciphertext };
}

export class DecryptionError extends Error {}

/** Decrypts with the key the ciphertext names; a wrong or unknown key or a tampered byte throws DecryptionError. */
export function open(ring: Keyring, sealed: Sealed): Buffer {
  const key = ring.byId.get(sealed.keyId);
  if (!key) throw new DecryptionError(`No key with id ${sealed.keyId} is configured (add the old key to ENCRYPTION_KEYS_OLD)`);
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, sealed.iv);
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    throw new DecryptionError("The ciphertext does not authenticate (wrong key or altered data)");
  }
}

/** One buffer (iv | tag | ciphertext) for a single bytea column, with the key id beside it. */
export const packSealed = (s: Sealed) => Buffer.concat([s.iv, s.authTag, s.ciphertext]);
export const unpackSealed = (keyId: string, packed: Buffer): Sealed => ({ keyId, iv: packed.subarray(0, 12), authTag: packed.subarray(12, 28), ciphertext: packed.subarray(28) });
