import { describe, expect, it } from 'vitest';
import type { ServerEvent } from '../shared/servers';
import { formatServerDetail, formatServers } from './server-format';
import { apiServer } from './testing/api-server';

const now = Date.parse('2025-01-02T04:00:00Z');

describe('formatServers', () => {
  it('shows one line per server with its status word, ports and a short note', () => {
    const text = formatServers(
      [
        apiServer(),
        apiServer({ name: 'south', status: 'failed', lastError: 'Port 16263/udp is used by server "north".' }),
        apiServer({ name: 'old', status: 'deleted', purgeAt: '2025-01-03T04:00:00Z' }),
        apiServer({ name: 'gone', status: 'missing', dataExists: true }),
      ],
      now,
    );
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+HOST\s+STATUS\s+GAME\/UDP\/RCON\s+IMAGE\s+NOTE$/);
    expect(lines[1]).toMatch(/^north\s+box1\s+running\s+16261\/16262\/27015\s+renegademaster/);
    expect(lines[2]).toMatch(/failed .*Port 16263\/udp is used by server "north"\.$/);
    expect(lines[3]).toMatch(/deleted .*purged in 24h 0m$/);
    expect(lines[4]).toMatch(/missing .*data kept; recover to start$/);
  });
});

describe('formatServerDetail', () => {
  const event = (
    id: number,
    at: string,
    from: ServerEvent['fromStatus'],
    to: ServerEvent['toStatus'],
  ): ServerEvent => ({
    id,
    serverId: 's',
    at,
    kind: 'status',
    fromStatus: from,
    toStatus: to,
    message: `event ${id}`,
    actor: 'user',
  });

  it('lists the fields, then the recent history oldest first', () => {
    const text = formatServerDetail(
      apiServer({ lastError: 'boom' }),
      [
        event(2, '2025-01-02T03:06:00.000Z', 'running', 'stopped'),
        event(1, '2025-01-02T03:05:00.000Z', null, 'running'),
      ],
      now,
    );
    expect(text).toMatch(/^Name: +north$/m);
    expect(text).toMatch(/^Status: +running$/m);
    expect(text).toMatch(/^Ports: +game 16261\/udp, udp 16262\/udp, rcon 27015\/tcp on 127\.0\.0\.1$/m);
    expect(text).toMatch(/^Last error: +boom$/m);
    expect(text).toMatch(/^Env: +SERVER_NAME=north$/m);
    const history = text.slice(text.indexOf('Recent history:'));
    expect(history.indexOf('event 1')).toBeLessThan(history.indexOf('event 2'));
    expect(history).toMatch(/- -> running/);
    expect(history).toMatch(/running -> stopped/);
  });

  it('says when there is no history', () => {
    expect(formatServerDetail(apiServer(), [], now)).toMatch(/No history yet\.\n$/);
  });
});
