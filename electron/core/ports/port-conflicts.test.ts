import { describe, expect, it } from 'vitest';
import { findConflicts, takenPorts, type PortHolder } from './port-conflicts';

const request = { gamePort: 16261, udpPort: 16262, rconPort: 27015 };

const north: PortHolder = {
  port: 16261,
  protocol: 'udp',
  layer: 'catalog',
  holder: 'server "north" (deleted; kept until it is purged)',
  serverName: 'north',
};
const foo: PortHolder = { port: 27015, protocol: 'tcp', layer: 'docker', holder: 'container "foo" (stopped)' };
const program: PortHolder = { port: 16262, protocol: 'udp', layer: 'host', holder: 'another program' };

describe('findConflicts', () => {
  it('finds nothing when no layer holds the requested ports', () => {
    expect(findConflicts(request, [{ ...north, port: 16263 }])).toEqual([]);
  });

  it('names each layer, its holder and the next step in plain words', () => {
    expect(findConflicts(request, [north, foo, program])).toEqual([
      {
        port: 16261,
        protocol: 'udp',
        role: 'game',
        layer: 'catalog',
        holder: 'server "north" (deleted; kept until it is purged)',
        message:
          'Port 16261/udp is reserved in the catalog by server "north" (deleted; kept until it is purged) on this host; pick another or let ZedOps suggest one.',
      },
      {
        port: 16262,
        protocol: 'udp',
        role: 'udp',
        layer: 'host',
        holder: 'another program',
        message: 'Port 16262/udp is in use on the host by another program; pick another or let ZedOps suggest one.',
      },
      {
        port: 27015,
        protocol: 'tcp',
        role: 'rcon',
        layer: 'docker',
        holder: 'container "foo" (stopped)',
        message:
          'Port 27015/tcp is published by container "foo" (stopped) in Docker; pick another or let ZedOps suggest one.',
      },
    ]);
  });

  it('reports only the first layer holding a port: catalog, then Docker, then the host', () => {
    const samePort = (layer: PortHolder['layer'], holder: string): PortHolder => ({
      port: 16261,
      protocol: 'udp',
      layer,
      holder,
    });
    const holders = [samePort('host', 'another program'), samePort('docker', 'container "x" (running)'), north];
    expect(findConflicts(request, holders).map((c) => c.layer)).toEqual(['catalog']);
    expect(findConflicts(request, holders.slice(0, 2)).map((c) => c.layer)).toEqual(['docker']);
  });

  it('does not mix protocols: a TCP holder of 16261 leaves the UDP game port free', () => {
    expect(findConflicts(request, [{ ...north, protocol: 'tcp' }])).toEqual([]);
  });

  it('refuses a request that uses one UDP port for both the game and UDP roles', () => {
    const conflicts = findConflicts({ gamePort: 16261, udpPort: 16261, rconPort: 27015 }, []);
    expect(conflicts).toEqual([
      {
        port: 16261,
        protocol: 'udp',
        role: 'udp',
        layer: 'request',
        holder: 'the game port of this server',
        message:
          'Port 16261/udp is both the game port and the UDP port; each needs its own port, so pick another or let ZedOps suggest one.',
      },
    ]);
  });

  it('lets the RCON port share a number with a UDP port, since TCP and UDP ports are separate', () => {
    expect(findConflicts({ gamePort: 16261, udpPort: 16262, rconPort: 16261 }, [])).toEqual([]);
  });

  it('still checks the layers for the game port when the UDP port repeats it', () => {
    const conflicts = findConflicts({ gamePort: 16261, udpPort: 16261, rconPort: 27015 }, [north]);
    expect(conflicts.map((c) => [c.role, c.layer])).toEqual([
      ['game', 'catalog'],
      ['udp', 'request'],
    ]);
  });
});

describe('takenPorts', () => {
  it('groups every held port by protocol, whatever the layer', () => {
    const taken = takenPorts([north, foo, program, { ...foo, layer: 'host' }]);
    expect([...taken.udp].sort()).toEqual([16261, 16262]);
    expect([...taken.tcp]).toEqual([27015]);
  });
});
