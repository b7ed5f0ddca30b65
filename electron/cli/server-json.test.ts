import { describe, expect, it } from 'vitest';
import { toCliServer } from './server-json';
import { apiServer } from './testing/api-server';

describe('toCliServer', () => {
  it('keeps exactly the fields scripts rely on, in a fixed order', () => {
    expect(Object.keys(toCliServer(apiServer()))).toEqual([
      'id',
      'name',
      'host',
      'status',
      'containerId',
      'image',
      'gamePort',
      'udpPort',
      'rconPort',
      'dataExists',
      'lastError',
      'deletedAt',
      'purgeAt',
      'createdAt',
      'updatedAt',
    ]);
  });

  it('names the host by name and passes times through as the API gives them', () => {
    const out = toCliServer(
      apiServer({
        status: 'deleted',
        containerId: null,
        deletedAt: '2025-01-03T00:00:00.000Z',
        purgeAt: '2025-01-04T00:00:00.000Z',
      }),
    );
    expect(out).toMatchObject({
      host: 'box1',
      status: 'deleted',
      containerId: null,
      deletedAt: '2025-01-03T00:00:00.000Z',
      purgeAt: '2025-01-04T00:00:00.000Z',
      createdAt: '2025-01-02T03:04:05.000Z',
    });
  });

  it('leaves out env, host id and internals', () => {
    const out = toCliServer(apiServer()) as unknown as Record<string, unknown>;
    for (const hidden of ['env', 'hostId', 'rconEnabled', 'operation']) expect(out).not.toHaveProperty(hidden);
  });
});
