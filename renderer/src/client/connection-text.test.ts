import { describe, expect, it } from 'vitest';
import { connectionText, isReconnect } from './connection-text';

describe('connectionText', () => {
  it('says "Reconnected — caught up" only once the stores have reloaded after a reconnect', () => {
    expect(connectionText('ready', true)).toBe('Reconnected — caught up');
    expect(connectionText('ready', false)).toBe('Connected');
  });

  it('keeps saying it is reconnecting while the socket is down', () => {
    expect(connectionText('reconnecting', true)).toBe('Connection lost, reconnecting…');
  });
});

describe('isReconnect', () => {
  it('is true only for a connection that comes back after being lost', () => {
    expect(isReconnect('reconnecting', 'ready')).toBe(true);
    expect(isReconnect('connecting', 'ready')).toBe(false);
    expect(isReconnect(null, 'ready')).toBe(false);
    expect(isReconnect('ready', 'reconnecting')).toBe(false);
  });
});
