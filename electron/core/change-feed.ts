import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../shared/api';

/**
 * The change feed: every UI (windows, browser tabs, tray) subscribes here.
 * Emit only real changes, so listeners never have to diff.
 */
export class ChangeFeed {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open window and browser tab subscribes; that is not a leak.
    this.emitter.setMaxListeners(0);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit(event, payload);
  }

  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  /** Every event, with its name: what a bridge forwards to its clients. */
  subscribeAll(listener: (event: EventName, payload: unknown) => void, events: readonly EventName[]): () => void {
    const offs = events.map((event) => this.subscribe(event, (payload) => listener(event, payload)));
    return () => offs.forEach((off) => off());
  }
}
