import { describe, expect, it } from 'vitest';
import type { HostOps } from '../host-ops/host-ops';
import { catalogPortHolders, hostPortHolders } from './port-holders';

describe('catalogPortHolders', () => {
  it('names the server, and says a deleted one keeps its ports until it is purged', () => {
    const holders = catalogPortHolders([
      { port: 16261, protocol: 'udp', serverName: 'north', serverStatus: 'deleted' },
      { port: 27016, protocol: 'tcp', serverName: 'south', serverStatus: 'running' },
    ]);
    expect(holders).toEqual([
      {
        port: 16261,
        protocol: 'udp',
        layer: 'catalog',
        holder: 'server "north" (deleted; kept until it is purged)',
        serverName: 'north',
      },
      { port: 27016, protocol: 'tcp', layer: 'catalog', holder: 'server "south"', serverName: 'south' },
    ]);
  });
});

describe('hostPortHolders', () => {
  it('turns every bound port into a host holder called "another program"', async () => {
    const ops = {
      listeningPorts: () => Promise.resolve({ tcp: new Set([27015]), udp: new Set([16261, 16262]) }),
    } as Partial<HostOps> as HostOps;
    expect(await hostPortHolders(ops)).toEqual([
      { port: 16261, protocol: 'udp', layer: 'host', holder: 'another program' },
      { port: 16262, protocol: 'udp', layer: 'host', holder: 'another program' },
      { port: 27015, protocol: 'tcp', layer: 'host', holder: 'another program' },
    ]);
  });
});
