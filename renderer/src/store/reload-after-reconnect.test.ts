import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWsServer } from '../client/fake-ws-server';
import { createWsClient } from '../client/ws-client';
import { aServer } from '../fleet/test-servers';
import { useServersStore } from './servers-store';

/** Lets every promise callback that is due run (the client and store chain a few). */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};
const statusOf = (id: string) => useServersStore.getState().servers.find((s) => s.id === id)?.status;

describe('the servers store across a reconnect', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    useServersStore.setState({ servers: [], loaded: false, error: null, progress: {}, pending: {}, actionErrors: {} });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('never lets the list reload put back a state older than an event it has shown', async () => {
    const server = new FakeWsServer([aServer({ id: 'a', status: 'running' })]);
    vi.stubGlobal('WebSocket', server.WebSocket);
    const client = createWsClient('ws://zedops.test/api', 'token');
    // As App does: load once, then reload whenever the connection is (again) ready.
    const offFeed = useServersStore.getState().connect(client);
    const offState = client.onState((s) => {
      if (s === 'ready') void useServersStore.getState().refresh(client);
    });
    server.accept();
    for (const s of server.sockets) while (server.deliver(s)) await settle();
    expect(statusOf('a')).toBe('running');

    server.drop();
    await settle();
    // While it waits to reconnect, something on the page calls (a History opened, a port typed...).
    void client.call('servers.get', { serverId: 'a' }).catch(() => undefined);
    vi.advanceTimersByTime(10_000);
    server.up = true;
    server.accept();
    // The welcome(s) arrive; the page asks for the list again.
    for (const s of server.sockets) if (s.inbox[0]?.type === 'welcome' && server.deliver(s)) await settle();
    // Then the server stops: an event newer than the list it has just read.
    server.emit('server.changed', aServer({ id: 'a', status: 'stopped' }));

    // Each socket delivers in order; which socket is heard first is the network's choice: oldest first here.
    const seen: (string | undefined)[] = [];
    for (const s of server.sockets)
      while (server.deliver(s)) {
        await settle();
        seen.push(statusOf('a'));
      }

    expect(seen.at(-1)).toBe('stopped');
    expect(seen.slice(seen.indexOf('stopped'))).not.toContain('running');
    offState();
    offFeed();
  });
});
