import type { ConnectionState } from './ws-client';

const words: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  ready: 'Connected',
  reconnecting: 'Connection lost, reconnecting…',
  unauthorized: 'Not authorised: open the URL that “zedops serve” printed (it carries the token).',
};

/** The header's connection line; just after a reconnect it says the view has caught up. */
export function connectionText(state: ConnectionState, caughtUp: boolean): string {
  return state === 'ready' && caughtUp ? 'Reconnected — caught up' : words[state];
}

/** True when the connection came back after being lost (not the first connect). */
export function isReconnect(previous: ConnectionState | null, next: ConnectionState): boolean {
  return previous === 'reconnecting' && next === 'ready';
}
