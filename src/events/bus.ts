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
  private beforeReturn = new Set<{ name: string; handle: (events: readonly AnyDomainEvent[]) => Promise<void> }>();
  private inFlight = new Set<Promise<void>>();

  /**
   * A subscriber the unit of work waits for before it returns, so before the write's HTTP response is
   * sent and before the other subscribers (realtime) hear of it: the read cache's generation bump,
   * which a client reading right after the response (or after a socket event) must find done. It gets
   * all the events of one commit at once; it must be quick and bounded (one Redis call with a timeout)
   * and handle its own failures (a throw is logged, the write stands).
   */
  beforeReturning(name: string, handle: (events: readonly AnyDomainEvent[]) => Promise<void>): () => void {
    const entry = { name, handle };
    this.beforeReturn.add(entry);
    return () => this.beforeReturn.delete(entry);
  }

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

  /** Called by the unit of work once the change is committed; resolves once the `beforeReturning` subscribers are done. */
  [committed](events: readonly AnyDomainEvent[]): Promise<void> {
    if (!events.length) return Promise.resolve();
    const first = this.beforeReturn.size ? this.runBeforeReturning(events) : null;
    if (!first) {
      this.dispatch(events);
      return Promise.resolve();
    }
    // Tracked like a subscriber, so drain() (shutdown, tests) also waits for the dispatch that follows.
    const done = first.then(() => this.dispatch(events));
    this.track(done);
    return done;
  }

  private async runBeforeReturning(events: readonly AnyDomainEvent[]): Promise<void> {
    await Promise.all(
      [...this.beforeReturn].map(async ({ name, handle }) => {
        try {
          await handle(events);
        } catch (err) {
          logger.error("event subscriber failed", { subscriber: name, event: events[0]!.type, err: err instanceof Error ? err.message : String(err) });
        }
      }),
    );
  }

  private dispatch(events: readonly AnyDomainEvent[]): void {
    for (const event of events) {
      for (const { name, handle } of this.handlers) {
        this.track(
          (async () => {
            try {
              await handle(event);
            } catch (err) {
              logger.error("event subscriber failed", { subscriber: name, event: event.type, err: err instanceof Error ? err.message : String(err) });
            }
          })(),
        );
      }
    }
  }

  private track(run: Promise<void>): void {
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  /** Waits for subscribers still running (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}

/** For events/unit-of-work.ts only (lint forbids importing it anywhere else). */
export function publishCommitted(bus: EventBus, events: readonly AnyDomainEvent[]): Promise<void> {
  return bus[committed](events);
}
