import net from "node:net";
import type { Readable } from "node:stream";

/** What clamd decided about a stream. */
export type ScanVerdict = { infected: false } | { infected: true; signature: string };

export interface ClamdAddress {
  host: string;
  port: number;
  /** The whole exchange (connect, stream, verdict) must finish within this. */
  timeoutMs: number;
}

/** clamd reads INSTREAM data in chunks; 64 KB keeps each write small whatever the source's chunk size. */
const CHUNK = 64 * 1024;

/** clamd could not give a verdict (down, timed out, refused the stream): the scan must be tried again later. */
export class ScannerUnavailableError extends Error {
  override name = "ScannerUnavailableError";
}

/**
 * clamd refused the stream as longer than its StreamMaxLength: trying again
 * changes nothing until clamd's configuration does.
 */
export class ScanTooLargeError extends ScannerUnavailableError {
  override name = "ScanTooLargeError";
}

/** Parses clamd's answer to zINSTREAM: `stream: OK`, `stream: <Signature> FOUND`, or `<reason> ERROR`. */
export function parseClamdReply(raw: string): ScanVerdict {
  const reply = raw.replace(/\0+$/, "").trim();
  if (/^stream: OK$/.test(reply)) return { infected: false };
  const found = /^stream: (.+) FOUND$/.exec(reply);
  if (found) return { infected: true, signature: found[1] };
  if (/size limit exceeded/i.test(reply)) throw new ScanTooLargeError(`clamd answered "${reply}"`);
  throw new ScannerUnavailableError(reply ? `clamd answered "${reply}"` : "clamd closed the connection without a verdict");
}

/**
 * Streams `body` to clamd with `zINSTREAM` (each chunk: 4-byte big-endian
 * length, then the bytes; a zero-length chunk ends the stream) and resolves
 * with its verdict. Never holds more than one chunk in memory. Rejects with
 * ScannerUnavailableError when clamd is down, answers an error, or the exchange
 * takes longer than `timeoutMs`; `body` is destroyed in every case.
 */
export function scanStream(address: ClamdAddress, body: Readable): Promise<ScanVerdict> {
  return new Promise<ScanVerdict>((resolve, reject) => {
    const where = `${address.host}:${address.port}`;
    const socket = net.connect({ host: address.host, port: address.port });
    const reply: Buffer[] = [];
    let settled = false;
    const finish = (err: Error | null, verdict?: ScanVerdict) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      body.destroy();
      if (err) reject(err);
      else resolve(verdict!);
    };
    const timer = setTimeout(() => finish(new ScannerUnavailableError(`clamd at ${where} gave no verdict within ${address.timeoutMs} ms`)), address.timeoutMs);

    socket.on("data", (d: Buffer) => {
      reply.push(d);
      // clamd ends its answer with a NUL (z-prefixed commands).
      if (d.includes(0)) settle();
    });
    socket.on("end", () => settle());
    socket.on("close", () => settle());
    socket.on("error", (err) => {
      // clamd may close early after answering (e.g. its size limit); an answer already received wins.
      if (reply.length) settle();
      else finish(new ScannerUnavailableError(`clamd at ${where} is unreachable (${(err as NodeJS.ErrnoException).code ?? err.message})`, { cause: err }));
    });
    function settle() {
      if (settled) return;
      try {
        finish(null, parseClamdReply(Buffer.concat(reply).toString("utf8")));
      } catch (err) {
        finish(err as Error);
      }
    }

    const write = (data: Buffer) =>
      new Promise<void>((done, fail) => {
        if (settled) return fail(new Error("scan already settled"));
        if (socket.write(data)) return done();
        const onDrain = () => {
          socket.off("close", onClose);
          done();
        };
        const onClose = () => {
          socket.off("drain", onDrain);
          fail(new Error("clamd closed the connection"));
        };
        socket.once("drain", onDrain);
        socket.once("close", onClose);
      });

    socket.once("connect", async () => {
      try {
        await write(Buffer.from("zINSTREAM\0"));
        for await (const piece of body) {
          const buf = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array);
          for (let at = 0; at < buf.length; at += CHUNK) {
            const part = buf.subarray(at, at + CHUNK);
            const header = Buffer.alloc(4);
            header.writeUInt32BE(part.length);
            await write(Buffer.concat([header, part]));
          }
        }
        await write(Buffer.alloc(4)); // the zero-length chunk: end of stream
      } catch (err) {
        if (settled) return; // clamd answered (or we gave up) while we were still writing
        if (reply.length) return settle();
        finish(new ScannerUnavailableError(`streaming to clamd at ${where} failed (${(err as Error).message})`, { cause: err }));
      }
    });
  });
}
