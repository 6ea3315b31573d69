import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { DecryptionError, keyIdOf, loadKeyring, open, parseKey, seal } from "../../src/lib/encryption";
import { splitPassages } from "../../src/modules/documents/passages";
import { parseEnv } from "../../src/config/env";

describe("the passage splitter", () => {
  const paragraph = (n: number) => `Paragraph ${n} talks about one thing. `.repeat(12).trim();
  const text = Array.from({ length: 8 }, (_, i) => paragraph(i)).join("\n\n");

  it("covers the text with passages of 800–1200 characters at paragraph or sentence ends, offsets exact", () => {
    const passages = splitPassages(text);
    expect(passages.length).toBeGreaterThan(2);
    passages.forEach((p, i) => {
      expect(p.ordinal).toBe(i);
      expect(text.slice(p.start, p.end)).toBe(p.text);
      expect(p.text.length).toBeLessThanOrEqual(1200);
      if (i < passages.length - 1) {
        expect(p.text.length).toBeGreaterThanOrEqual(780);
        expect(p.text).toMatch(/[.!?]$/);
      }
    });
    // nothing but whitespace is left between passages
    for (let i = 1; i < passages.length; i++) expect(text.slice(passages[i - 1]!.end, passages[i]!.start)).toMatch(/^\s*$/);
    expect(passages.at(-1)!.end).toBe(text.trimEnd().length);
  });

  it("cuts a text without breaks at spaces, and an endless word hard", () => {
    const words = "word ".repeat(600);
    for (const p of splitPassages(words)) expect(p.text.length).toBeLessThanOrEqual(1200);
    const blob = "x".repeat(3000);
    expect(splitPassages(blob).map((p) => p.text.length)).toEqual([1200, 1200, 600]);
  });

  it("keeps a short text whole and yields nothing for blank text", () => {
    expect(splitPassages("  Just one line.\n")).toEqual([{ ordinal: 0, start: 2, end: 16, text: "Just one line." }]);
    expect(splitPassages(" \n\n ")).toEqual([]);
  });
});

describe("the encryption helper", () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "tf-enc-"));
  const key = crypto.randomBytes(32);

  it("round-trips, with a fresh IV every time and the key id stored", () => {
    const ring = loadKeyring({ ENCRYPTION_KEY: key.toString("base64"), DATA_DIR: dir(), isProduction: false });
    const a = seal(ring, "confidential plan");
    const b = seal(ring, "confidential plan");
    expect(a.iv.equals(b.iv)).toBe(false);
    expect(a.keyId).toBe(keyIdOf(key));
    expect(a.ciphertext.toString("utf8")).not.toContain("confidential");
    expect(open(ring, a).toString("utf8")).toBe("confidential plan");
  });

  it("fails on a tampered tag or ciphertext and on a wrong key", () => {
    const ring = loadKeyring({ ENCRYPTION_KEY: key.toString("hex"), DATA_DIR: dir(), isProduction: false });
    const sealed = seal(ring, "secret");
    const tag = Buffer.from(sealed.authTag);
    tag[0] ^= 1;
    expect(() => open(ring, { ...sealed, authTag: tag })).toThrow(DecryptionError);
    const ct = Buffer.from(sealed.ciphertext);
    ct[0] ^= 1;
    expect(() => open(ring, { ...sealed, ciphertext: ct })).toThrow(DecryptionError);
    const other = loadKeyring({ ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"), DATA_DIR: dir(), isProduction: false });
    expect(() => open(other, sealed)).toThrow(/ENCRYPTION_KEYS_OLD/);
    // same id, different key bytes: the tag does not authenticate
    const forged = { current: { id: sealed.keyId, key: crypto.randomBytes(32) }, byId: new Map([[sealed.keyId, crypto.randomBytes(32)]]) };
    expect(() => open(forged, sealed)).toThrow(/does not authenticate/);
  });

  it("rotates: an old key in ENCRYPTION_KEYS_OLD still decrypts, new data uses the new key", () => {
    const old = loadKeyring({ ENCRYPTION_KEY: key.toString("base64"), DATA_DIR: dir(), isProduction: false });
    const sealed = seal(old, "from last year");
    const fresh = crypto.randomBytes(32);
    const rotated = loadKeyring({ ENCRYPTION_KEY: fresh.toString("base64"), ENCRYPTION_KEYS_OLD: key.toString("base64"), DATA_DIR: dir(), isProduction: false });
    expect(open(rotated, sealed).toString()).toBe("from last year");
    expect(seal(rotated, "x").keyId).toBe(keyIdOf(fresh));
  });

  it("generates the embedded key once into DATA_DIR with mode 0600", () => {
    const dataDir = dir();
    const first = loadKeyring({ DATA_DIR: dataDir, isProduction: false });
    const file = path.join(dataDir, "encryption.key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(loadKeyring({ DATA_DIR: dataDir, isProduction: false }).current.id).toBe(first.current.id);
  });

  it("refuses bad keys and a missing key in production, naming the variable", () => {
    expect(() => parseKey("too-short")).toThrow(/ENCRYPTION_KEY: must be 32 bytes/);
    expect(() => loadKeyring({ DATA_DIR: dir(), isProduction: true })).toThrow(/ENCRYPTION_KEY: required when NODE_ENV=production/);
    const base = { NODE_ENV: "production", JWT_SECRET: "x".repeat(40), DATABASE_URL: "postgresql://u@localhost/db" };
    expect(() => parseEnv(base)).toThrow(/ENCRYPTION_KEY: required when NODE_ENV=production/);
    expect(() => parseEnv({ ...base, ENCRYPTION_KEY: "abc" })).toThrow(/ENCRYPTION_KEY: must be 32 bytes/);
    expect(() => parseEnv({ ...base, ENCRYPTION_KEY: key.toString("base64"), ENCRYPTION_KEYS_OLD: "nope" })).toThrow(/ENCRYPTION_KEYS_OLD: must be 32 bytes/);
    expect(parseEnv({ ...base, ENCRYPTION_KEY: key.toString("base64") }).ENCRYPTION_KEY).toBe(key.toString("base64"));
  });
});
