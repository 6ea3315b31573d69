import net from "node:net";

/** The EICAR test file: every antivirus reports it, it does nothing (https://www.eicar.org/download-anti-malware-testfile/). */
export const EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!H+H*";

export interface ScriptedClamd {
  host: string;
  port: number;
  /** Streams received so far (their reassembled bytes), oldest first. */
  readonly scans: Buffer[];
  /** How many connections were accepted (tries, including those answered with an error). */
  readonly connections: number;
  /** Stops listening (connections are refused from now on); the port is kept for `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** From now on, accept connections but never answer (a hung clamd: the client's timeout). */
  hang(on: boolean): void;
  /** clamd's StreamMaxLength: a longer stream is answered `INSTREAM size limit exceeded. ERROR` (default 25 MB, as clamd's). */
  setStreamMaxLength(bytes: number): void;
}

const randomPort = () => 41000 + Math.floor(Math.random() * 8000);

/**
 * A real TCP server speaking clamd's `zINSTREAM`: it reads the command, then
 * chunks of a 4-byte big-endian length and data until a zero-length chunk, and
 * answers `stream: Eicar-Signature FOUND\0` when the bytes contain the EICAR
 * string, `stream: OK\0` otherwise. Other commands get `UNKNOWN COMMAND\0`, a
 * malformed stream `INSTREAM: protocol error. ERROR\0`.
 */
export async function startScriptedClamd(): Promise<ScriptedClamd> {
  const scans: Buffer[] = [];
  let connections = 0;
  let hanging = false;
  let streamMaxLength = 25 * 1024 * 1024;
  const sockets = new Set<net.Socket>();

  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffered = Buffer.alloc(0);
    let commandSeen = false;
    const data: Buffer[] = [];
    socket.on("data", (d: Buffer) => {
      if (hanging) return;
      buffered = Buffer.concat([buffered, d]);
      if (!commandSeen) {
        const nul = buffered.indexOf(0);
        if (nul < 0) return;
        const command = buffered.subarray(0, nul).toString("latin1");
        buffered = buffered.subarray(nul + 1);
        if (command !== "zINSTREAM") {
          socket.end("UNKNOWN COMMAND\0");
          return;
        }
        commandSeen = true;
      }
      while (buffered.length >= 4) {
        const length = buffered.readUInt32BE(0);
        if (length > 25 * 1024 * 1024) {
          socket.end("INSTREAM: protocol error. ERROR\0");
          return;
        }
        if (length === 0) {
          const bytes = Buffer.concat(data);
          scans.push(bytes);
          socket.end(bytes.includes(EICAR) ? "stream: Eicar-Signature FOUND\0" : "stream: OK\0");
          return;
        }
        if (buffered.length < 4 + length) return;
        data.push(Buffer.from(buffered.subarray(4, 4 + length)));
        buffered = buffered.subarray(4 + length);
        if (data.reduce((n, b) => n + b.length, 0) > streamMaxLength) {
          socket.end("INSTREAM size limit exceeded. ERROR\0");
          return;
        }
      }
    });
  });

  let port = 0;
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(p, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  for (let tries = 0; ; tries++) {
    const candidate = randomPort();
    try {
      await listen(candidate);
      port = candidate;
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" || tries > 20) throw err;
    }
  }

  return {
    host: "127.0.0.1",
    port,
    scans,
    get connections() {
      return connections;
    },
    async stop() {
      sockets.forEach((s) => s.destroy());
      if (server.listening) await new Promise<void>((r) => server.close(() => r()));
    },
    async start() {
      if (!server.listening) await listen(port);
    },
    setStreamMaxLength(bytes: number) {
      streamMaxLength = bytes;
    },
    hang(on: boolean) {
      hanging = on;
    },
  };
}
