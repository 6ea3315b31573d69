import { io, type Socket } from "socket.io-client";
import { expireSession, getAccessToken, refreshAccessToken } from "./api";

/**
 * The one Socket.IO connection of a signed-in session. Knows nothing about
 * React: it keeps the rooms the UI asked for (re-joined after every
 * reconnect), the presence of those rooms, and hands domain events and
 * reconnects to listeners (see features/realtime).
 */

export type ConnectionState = "connecting" | "connected" | "reconnecting" | "offline";

export interface RealtimeEvent<T = unknown> {
  type: string;
  workspaceId: string | null;
  data: T;
  actorId: string | null;
  at: string;
}

export interface PresenceUser {
  id: string;
  name: string;
}

type Listener<A extends unknown[]> = (...args: A) => void;

/** A room's presence as the server sends it; `rev` grows with every snapshot the server takes. */
interface PresenceMessage {
  room: string;
  users?: PresenceUser[];
  rev?: number;
}

const NOBODY: PresenceUser[] = [];

/** Slack for clock skew between this browser and the server when catching up. */
const CATCH_UP_SLACK_MS = 30_000;
/** After a refresh that could not finish (the refresh itself waited up to a minute), the next try. */
const REAUTH_RETRY_MS = 5_000;

export class RealtimeClient {
  private readonly socket: Socket;
  /** Room → how many parts of the UI asked for it. */
  private readonly rooms = new Map<string, number>();
  private readonly presence = new Map<string, PresenceUser[]>();
  /** The `rev` of each room's presence shown: an older snapshot arriving late is dropped. */
  private readonly presenceRev = new Map<string, number>();
  private readonly stateListeners = new Set<Listener<[ConnectionState]>>();
  private readonly eventListeners = new Set<Listener<[RealtimeEvent]>>();
  private readonly presenceListeners = new Set<Listener<[string, PresenceUser[]]>>();
  private readonly reconnectListeners = new Set<Listener<[string[], string]>>();
  private hasConnected = false;
  private triedRefresh = false;
  private closed = false;
  private lastEventAt: string | null = null;
  private disconnectedAt: number | null = null;
  private current: ConnectionState = "connecting";

  constructor() {
    this.socket = io({
      path: "/socket.io",
      // A callback, so every (re)connect sends the token of the moment.
      auth: (cb) => cb({ token: getAccessToken() ?? "" }),
      reconnectionDelay: 1_000,
      reconnectionDelayMax: 15_000,
      randomizationFactor: 0.5,
      autoConnect: false,
    });

    this.socket.on("connect", () => this.onConnect());
    this.socket.on("disconnect", (reason) => {
      this.disconnectedAt ??= Date.now();
      this.updateState();
      // The server ended it (session revoked, token expired): no automatic retry.
      if (reason === "io server disconnect") void this.reauthenticate();
    });
    this.socket.on("connect_error", (err) => {
      this.disconnectedAt ??= Date.now();
      this.updateState();
      if (err.message.startsWith("UNAUTHORIZED")) void this.reauthenticate();
    });
    this.socket.io.on("reconnect_attempt", () => this.updateState());
    this.socket.io.on("reconnect_failed", () => this.updateState());
    this.socket.on("presence", (payload: PresenceMessage) => {
      if (payload && typeof payload.room === "string") this.setPresence(payload);
    });
    this.socket.onAny((name: string, payload: RealtimeEvent) => {
      if (name === "presence" || !payload || typeof payload !== "object") return;
      if (typeof payload.at === "string" && (!this.lastEventAt || payload.at > this.lastEventAt)) this.lastEventAt = payload.at;
      for (const l of this.eventListeners) l({ ...payload, type: payload.type ?? name });
    });
    window.addEventListener("online", this.onBrowserNetwork);
    window.addEventListener("offline", this.onBrowserNetwork);
    this.socket.connect();
  }

  get state(): ConnectionState {
    return this.current;
  }

  close(): void {
    this.closed = true;
    window.removeEventListener("online", this.onBrowserNetwork);
    window.removeEventListener("offline", this.onBrowserNetwork);
    this.socket.removeAllListeners();
    this.socket.io.removeAllListeners();
    this.socket.disconnect();
    this.stateListeners.clear();
    this.eventListeners.clear();
    this.presenceListeners.clear();
    this.reconnectListeners.clear();
  }

  // -------------------------------------------------------------------------
  // Rooms and presence

  /** Asks for a room; returns the function that gives it back. */
  join(room: string): () => void {
    const count = this.rooms.get(room) ?? 0;
    this.rooms.set(room, count + 1);
    if (count === 0 && this.socket.connected) this.emitJoin([room]);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(room);
    };
  }

  private release(room: string): void {
    const count = (this.rooms.get(room) ?? 1) - 1;
    if (count > 0) {
      this.rooms.set(room, count);
      return;
    }
    this.rooms.delete(room);
    this.presence.delete(room);
    this.presenceRev.delete(room);
    if (this.socket.connected) this.socket.emit("leave", [room]);
  }

  private emitJoin(rooms: string[]): void {
    this.socket.emit("join", rooms, (ack: { joined?: string[] } | undefined) => {
      for (const room of ack?.joined ?? []) {
        if (!this.rooms.has(room)) continue;
        this.socket.emit("presence", room, (p: PresenceMessage | undefined) => {
          if (p && p.room === room) this.setPresence(p);
        });
      }
    });
  }

  presenceOf(room: string): PresenceUser[] {
    return this.presence.get(room) ?? NOBODY;
  }

  private setPresence({ room, users = [], rev }: PresenceMessage): void {
    if (!this.rooms.has(room)) return;
    if (typeof rev === "number") {
      if (rev < (this.presenceRev.get(room) ?? -Infinity)) return;
      this.presenceRev.set(room, rev);
    }
    this.presence.set(room, users);
    for (const l of this.presenceListeners) l(room, users);
  }

  // -------------------------------------------------------------------------
  // Listeners

  onState(l: Listener<[ConnectionState]>): () => void {
    this.stateListeners.add(l);
    return () => this.stateListeners.delete(l);
  }

  onEvent(l: Listener<[RealtimeEvent]>): () => void {
    this.eventListeners.add(l);
    return () => this.eventListeners.delete(l);
  }

  onPresence(l: Listener<[string, PresenceUser[]]>): () => void {
    this.presenceListeners.add(l);
    return () => this.presenceListeners.delete(l);
  }

  /** After a reconnect: the rooms re-joined and the time to catch up from (ISO). */
  onReconnect(l: Listener<[string[], string]>): () => void {
    this.reconnectListeners.add(l);
    return () => this.reconnectListeners.delete(l);
  }

  // -------------------------------------------------------------------------
  // Connection

  private onConnect(): void {
    this.triedRefresh = false;
    // Another server (or a restarted one) may count revs from elsewhere: start over.
    this.presenceRev.clear();
    const rooms = [...this.rooms.keys()];
    if (rooms.length) this.emitJoin(rooms);
    if (this.hasConnected) {
      const downSince = (this.disconnectedAt ?? Date.now()) - CATCH_UP_SLACK_MS;
      const since = this.lastEventAt && Date.parse(this.lastEventAt) > downSince ? this.lastEventAt : new Date(downSince).toISOString();
      for (const l of this.reconnectListeners) l(rooms, since);
    }
    this.hasConnected = true;
    this.disconnectedAt = null;
    this.updateState();
  }

  /** The server refused our token: refresh it once and try again. */
  private async reauthenticate(): Promise<void> {
    if (this.closed) return;
    if (this.triedRefresh) {
      expireSession();
      return;
    }
    this.triedRefresh = true;
    let token: string | null;
    try {
      token = await refreshAccessToken();
    } catch {
      // The server could not refresh just now (rate limit, 5xx, offline): still signed in, so try again later.
      this.triedRefresh = false;
      setTimeout(() => {
        if (!this.closed && !this.socket.connected) this.socket.connect();
      }, REAUTH_RETRY_MS);
      return;
    }
    if (this.closed) return;
    if (!token) {
      expireSession();
      return;
    }
    this.socket.connect();
  }

  private readonly onBrowserNetwork = () => {
    this.updateState();
    // Back online: don't wait for the next backoff step.
    if (navigator.onLine && !this.socket.connected && !this.closed) this.socket.connect();
  };

  private updateState(): void {
    let next: ConnectionState;
    if (this.socket.connected) next = "connected";
    else if (typeof navigator !== "undefined" && !navigator.onLine) next = "offline";
    else if (this.socket.active || this.triedRefresh) next = this.hasConnected ? "reconnecting" : "connecting";
    else next = "offline";
    if (next === this.current) return;
    this.current = next;
    for (const l of this.stateListeners) l(next);
  }
}
