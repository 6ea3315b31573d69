import { logger } from "../lib/logger";
import type { AnyDomainEvent, DomainEvent, EventType } from "./catalogue";

export type { AnyDomainEvent, DomainEvent, EventInput, EventType } from "./catalogue";

export type EventHandler<E = AnyDomainEvent> = (event: E) => void | Promise<void>;

const committed = Symbol("publishCommitted");

/**
 * In-process publish/subscribe of domain events. Subscribers (realtime
 * broadcaster, notifications, later webhooks) run after the response is on its
 * way; one that throws is logged and never fails the request or the others.
 *
 * There is no public publish: events reach the bus only through a unit of work
 * (events/unit-of-work.ts), after its transaction committed.
 */
export class EventBus {
  private handlers = new Set<{ name: string; handle: EventHandler }>();
  private inFlight = new Set<Promise<void>>();

  /** Every event (the realtime broadcaster, webhooks). Returns the unsubscribe function. */
  subscribe(name: string, handle: EventHandler): () => void {
    const entry = { name, handle };
    this.handlers.add(entry);
    return () => this.handlers.delete(entry);
  }

  /** Events of one type, with their typed payload. */
  on<K extends EventType>(type: K, name: string, handle: EventHandler<DomainEvent<K>>): () => void {
    return this.subscribe(name, (event) => (event.type === type ? handle(event as DomainEvent<K>) : undefined));
  }

  /** Called by the unit of work once the change is committed. */
  [committed](events: readonly AnyDomainEvent[]): void {
    for (const event of events) {
      for (const { name, handle } of this.handlers) {
        const run = (async () => {
          try {
            await handle(event);
          } catch (err) {
            logger.error("event subscriber failed", { subscriber: name, event: event.type, err: err instanceof Error ? err.message : String(err) });
          }
        })();
        this.inFlight.add(run);
        void run.finally(() => this.inFlight.delete(run));
      }
    }
  }

  /** Waits for subscribers still running (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}

/** For events/unit-of-work.ts only (lint forbids importing it anywhere else). */
export function publishCommitted(bus: EventBus, events: readonly AnyDomainEvent[]): void {
  bus[committed](events);
}
