import type { EventName, EventPayload } from '../../src-shared/ipc/contract';

type Handler<E extends EventName> = (payload: EventPayload<E>) => void;
type AnyHandler = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * The core's typed event bus: services publish contract events, the adapters forward them to
 * consoles. A throwing subscriber is isolated so one broken listener cannot stop the others.
 */
export class EventBus {
  private readonly byEvent = new Map<EventName, Set<Handler<EventName>>>();
  private readonly all = new Set<AnyHandler>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  publish<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const handler of this.byEvent.get(event) ?? []) this.safely(() => (handler as Handler<E>)(payload));
    for (const handler of this.all) this.safely(() => handler(event, payload));
  }

  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, handler: Handler<E>): () => void {
    let set = this.byEvent.get(event);
    if (!set) this.byEvent.set(event, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Subscribes to every event (the adapters do); returns the unsubscribe function. */
  onAny(handler: AnyHandler): () => void {
    this.all.add(handler);
    return () => this.all.delete(handler);
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.onListenerError(error);
    }
  }
}
