/**
 * Every domain event by type, with the type of its `data`. Each module adds its
 * own in `<module>.events.ts` by declaration merging:
 *
 *   declare module "../../events/catalogue" {
 *     interface EventCatalogue { "task.created": PresentedTask }
 *   }
 *
 * so emitting an unknown type, or the wrong payload for a known one, is a type error.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the modules
export interface EventCatalogue {}

export type EventType = keyof EventCatalogue & string;

/** What a service emits inside its unit of work. `rooms` says where realtime delivers it; by default the workspace room, `[]` for internal events. */
export interface EventInput<K extends EventType = EventType> {
  type: K;
  workspaceId: string | null;
  actorId: string | null;
  data: EventCatalogue[K];
  rooms?: string[];
}

/** An event as subscribers receive it: published after its transaction committed (SPEC §4.8). */
export interface DomainEvent<K extends EventType = EventType> extends EventInput<K> {
  at: string;
}

/** Any event, as a union discriminated by `type` (so `switch (event.type)` narrows `data`). */
export type AnyDomainEvent = { [K in EventType]: DomainEvent<K> }[EventType];
