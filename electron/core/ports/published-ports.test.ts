import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { describeContainer, publishedPorts } from './published-ports';

type Bindings = Record<string, Array<{ HostIp?: string; HostPort?: string }> | null>;

function container(options: {
  name?: string;
  status?: string;
  labels?: Record<string, string>;
  bindings?: Bindings | null;
  ports?: Bindings | null;
}): Docker.ContainerInspectInfo {
  return {
    Id: '0123456789abcdef0123',
    Name: `/${options.name ?? 'foo'}`,
    State: { Status: options.status ?? 'exited' },
    Config: { Labels: options.labels ?? {} },
    HostConfig: { PortBindings: options.bindings ?? null },
    NetworkSettings: { Ports: options.ports ?? null },
  } as unknown as Docker.ContainerInspectInfo;
}

describe('publishedPorts', () => {
  it('reads the bindings a stopped container keeps', () => {
    const info = container({
      bindings: {
        '16261/udp': [{ HostIp: '', HostPort: '16261' }],
        '27015/tcp': [{ HostIp: '127.0.0.1', HostPort: '27015' }],
      },
    });
    expect(publishedPorts(info)).toEqual([
      { port: 16261, protocol: 'udp' },
      { port: 27015, protocol: 'tcp' },
    ]);
  });

  it('adds the ports Docker picked for a running container, once each across IPv4 and IPv6', () => {
    const info = container({
      status: 'running',
      bindings: { '16261/udp': [{ HostIp: '127.0.0.1', HostPort: '' }] },
      ports: {
        '16261/udp': [
          { HostIp: '0.0.0.0', HostPort: '49153' },
          { HostIp: '::', HostPort: '49153' },
        ],
        '8080/tcp': null,
      },
    });
    expect(publishedPorts(info)).toEqual([{ port: 49153, protocol: 'udp' }]);
  });

  it('holds nothing for bindings that leave the host port to Docker while stopped', () => {
    const info = container({ bindings: { '16261/udp': [{ HostPort: '' }], '27015/tcp': [{ HostPort: '0' }, {}] } });
    expect(publishedPorts(info)).toEqual([]);
  });

  it('reads a bare container port as TCP and ignores SCTP', () => {
    const info = container({
      bindings: { '80': [{ HostPort: '8080' }], '9000/sctp': [{ HostPort: '9000' }] },
    });
    expect(publishedPorts(info)).toEqual([{ port: 8080, protocol: 'tcp' }]);
  });

  it('counts every port of a host port range, since Docker may pick any of them', () => {
    const info = container({ bindings: { '16261/udp': [{ HostPort: '16261-16263' }] } });
    expect(publishedPorts(info).map((p) => p.port)).toEqual([16261, 16262, 16263]);
  });
});

describe('describeContainer', () => {
  it('names a plain container and says it is stopped', () => {
    expect(describeContainer(container({ name: 'foo', status: 'exited' }))).toEqual({
      holder: 'container "foo" (stopped)',
    });
  });

  it('says when a container was created but never started', () => {
    expect(describeContainer(container({ status: 'created' })).holder).toBe('container "foo" (created, never started)');
  });

  it('names the ZedOps server behind a labelled container', () => {
    const info = container({ name: 'zedops-north', status: 'running', labels: { 'zedops.server.name': 'north' } });
    expect(describeContainer(info)).toEqual({
      holder: 'ZedOps server "north" (container "zedops-north", running)',
      serverName: 'north',
    });
  });
});
