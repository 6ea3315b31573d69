import type { Prisma } from "../db/client";
import type { AppContext } from "../http/context";
import { publishCommitted } from "./bus";
import type { AnyDomainEvent, EventInput, EventType } from "./catalogue";

export interface Emitter {
  /** Queues an event of the change being made: published after it commits, dropped if it fails. */
  emit<K extends EventType>(event: EventInput<K>): void;
}

export interface UnitOfWork extends Emitter {
  /** The transaction: every write of the unit goes through it. */
  tx: Prisma.TransactionClient;
}

type Options = { isolationLevel?: Prisma.TransactionIsolationLevel; maxWait?: number; timeout?: number };

function collector(ctx: AppContext) {
  const events: AnyDomainEvent[] = [];
  const emitter: Emitter = {
    emit(event) {
      events.push({ ...event, at: ctx.now().toISOString() } as AnyDomainEvent);
    },
  };
  return { emitter, publish: () => publishCommitted(ctx.events, events) };
}

/**
 * The one way to change data and tell others about it (in the spirit of
 * Outline's `transaction.afterCommit`): runs `work` in a transaction; the events
 * it emits are published only after the commit, and dropped on rollback, so no
 * subscriber (realtime, notifications, webhooks) ever hears of a change that
 * did not happen.
 */
export async function inTransaction<T>(ctx: AppContext, work: (unit: UnitOfWork) => Promise<T>, options?: Options): Promise<T> {
  const { emitter, publish } = collector(ctx);
  const result = await ctx.db.$transaction((tx) => work({ tx, emit: emitter.emit }), options);
  await publish(); // the read cache's generations are bumped before the caller answers (bus.beforeReturning)
  return result;
}

/**
 * For a change that commits by itself: one statement (`create`, `delete`, an
 * `updateMany` claim, the raw pool's single-statement insert). Events emitted by
 * `work` are published when it resolves and dropped when it throws. Two or more
 * dependent writes belong in `inTransaction`.
 */
export async function withEvents<T>(ctx: AppContext, work: (emitter: Emitter) => Promise<T>): Promise<T> {
  const { emitter, publish } = collector(ctx);
  const result = await work(emitter);
  await publish();
  return result;
}
