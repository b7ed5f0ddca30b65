import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { aServer } from '../fleet/test-servers';
import { FakeSocket, FakeWsServer } from './fake-ws-server';
import { createWsClient } from './ws-client';

/** Lets every promise callback that is due run (the client and store chain a few). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

async function deliverAll(server: FakeWsServer): Promise<void> {
  for (let more = true; more;) {
    more = false;
    for (const s of server.sockets) {
      while (server.deliver(s)) {
        more = true;
        await settle();
      }
    }
  }
}

describe('the browser-mode client after a dropped connection', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('keeps to one socket when a call is made while it waits to reconnect', async () => {
    const server = new FakeWsServer([aServer({ id: 'a' })]);
    vi.stubGlobal('WebSocket', server.WebSocket);
    const client = createWsClient('ws://zedops.test/api', 'token');
    server.accept();
    await deliverAll(server);

    server.drop();
    await settle();
    // The user acts while the header says "reconnecting" (opens a History, types a port...).
    const answer = client.call('servers.get', { serverId: 'a' });
    vi.advanceTimersByTime(10_000);
    server.up = true;
    server.accept();
    await deliverAll(server);

    await expect(answer).resolves.toMatchObject({ id: 'a' });
    expect(server.open()).toHaveLength(1);
    expect(server.sockets.filter((s) => s.readyState !== FakeSocket.CLOSED)).toHaveLength(1);
  });

  it('still retries on its own, one socket at a time, while nobody calls', async () => {
    const server = new FakeWsServer();
    vi.stubGlobal('WebSocket', server.WebSocket);
    const states: string[] = [];
    const client = createWsClient('ws://zedops.test/api', 'token');
    client.onState((s) => states.push(s));
    server.accept();
    await deliverAll(server);

    server.drop();
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(10_000);
      expect(server.sockets.filter((s) => s.readyState === FakeSocket.CONNECTING)).toHaveLength(1);
      server.accept(); // still down: fails
      await settle();
    }
    server.up = true;
    vi.advanceTimersByTime(10_000);
    server.accept();
    await deliverAll(server);
    expect(server.open()).toHaveLength(1);
    expect(states.at(-1)).toBe('ready');
  });
});
