import { describe, expect, it } from 'vitest';
import type { Server } from '../../shared/servers';
import { formatImportable, importedLine } from './server-import';
import { apiServer } from '../testing/api-server';

const server = (over: Partial<Server>): Server =>
  apiServer({
    id: 'id-1',
    host: 'box',
    containerId: 'c0ffee000000111122223333',
    image: 'pz:41',
    env: {},
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...over,
  });

describe('formatImportable', () => {
  it('prints name, state, image, short container id and server id', () => {
    expect(
      formatImportable(
        [
          {
            containerId: 'c0ffee000000111122223333',
            name: 'north',
            serverId: 'id-1',
            image: 'pz:41',
            state: 'running',
          },
          { containerId: 'beef00000000aaaa', name: 'south-2', serverId: 'id-2', image: 'pz:42', state: 'exited' },
        ],
        'box',
      ),
    ).toBe(
      'NAME     STATE    IMAGE  CONTAINER     SERVER ID\n' +
        'north    running  pz:41  c0ffee000000  id-1\n' +
        'south-2  exited   pz:42  beef00000000  id-2\n',
    );
  });

  it('says so when there is nothing to import', () => {
    expect(formatImportable([], 'box')).toBe('No containers to import on host "box".\n');
  });
});

describe('importedLine', () => {
  it('names the server, host, status and ports', () => {
    expect(importedLine(server({}))).toBe(
      'Imported server "north" on host "box": running, ports 16261/udp, 16262/udp, 27015/tcp.',
    );
  });

  it('says stops go through Docker when there is no RCON password', () => {
    expect(importedLine(server({ status: 'stopped', rconEnabled: false }))).toBe(
      'Imported server "north" on host "box": stopped, ports 16261/udp, 16262/udp, 27015/tcp. It has no RCON password, so stops go through Docker.',
    );
  });
});
