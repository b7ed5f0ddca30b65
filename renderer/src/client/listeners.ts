import type { EventName, EventPayload } from '../../../electron/shared/api';

/** Event listeners by name, shared by both transports. */
export class Listeners {
  private readonly byEvent = new Map<string, Set<(payload: unknown) => void>>();

  add<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.byEvent.get(event) ?? new Set();
    this.byEvent.set(event, set);
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  emit(event: string, payload: unknown): void {
    this.byEvent.get(event)?.forEach((l) => l(payload));
  }
}
