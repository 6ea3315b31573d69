import { logger } from "../lib/logger";

/**
 * What modules publish after their transaction commits (SPEC §4.8). `rooms`
 * says where realtime delivers it; by default the workspace room.
 */
export interface DomainEvent<T = unknown> {
  type: string;
  workspaceId: string | null;
  data: T;
  actorId: string | null;
  at: string;
  rooms?: string[];
}

export type EventHandler = (event: DomainEvent) => void | Promise<void>;

/**
 * In-process publish/subscribe of domain events. Subscribers (realtime
 * broadcaster, notifications, later webhooks) run after the response is on its
 * way; one that throws is logged and never fails the request or the others.
 */
export class EventBus {
  private handlers = new Set<{ name: string; handle: EventHandler }>();
  private inFlight = new Set<Promise<void>>();

  subscribe(name: string, handle: EventHandler): () => void {
    const entry = { name, handle };
    this.handlers.add(entry);
    return () => this.handlers.delete(entry);
  }

  /** Call only after the transaction that made the change has committed. */
  publish<T>(event: Omit<DomainEvent<T>, "at"> & { at?: string }): void {
    const full: DomainEvent<T> = { ...event, at: event.at ?? new Date().toISOString() };
    for (const { name, handle } of this.handlers) {
      const run = (async () => {
        try {
          await handle(full as DomainEvent);
        } catch (err) {
          logger.error("event subscriber failed", { subscriber: name, event: full.type, err: err instanceof Error ? err.message : String(err) });
        }
      })();
      this.inFlight.add(run);
      void run.finally(() => this.inFlight.delete(run));
    }
  }

  /** Waits for subscribers still running (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}
