import type Docker from 'dockerode';
import type { HostOps } from '../host-ops/host-ops';
import type { PortHolder, PortProtocol } from './port-conflicts';
import { describeContainer, publishedPorts } from './published-ports';

/** How many containers are inspected at once: enough to be quick on a busy host without flooding its engine. */
const INSPECT_CONCURRENCY = 8;

export interface CatalogPortRow {
  port: number;
  protocol: PortProtocol;
  serverName: string;
  serverStatus: string;
}

/** The catalog's reservations; a deleted server keeps its ports until it is purged. */
export function catalogPortHolders(rows: ReadonlyArray<CatalogPortRow>): PortHolder[] {
  return rows.map((row) => ({
    port: row.port,
    protocol: row.protocol,
    layer: 'catalog',
    holder:
      row.serverStatus === 'deleted'
        ? `server "${row.serverName}" (deleted; kept until it is purged)`
        : `server "${row.serverName}"`,
    serverName: row.serverName,
  }));
}

/**
 * Ports published by every container, stopped ones included. The container
 * list only shows the ports of running containers, so each one is inspected.
 */
export async function dockerPortHolders(docker: Docker): Promise<PortHolder[]> {
  const containers = await docker.listContainers({ all: true });
  const inspected = await mapBounded(containers, INSPECT_CONCURRENCY, (c) => inspectIfPresent(docker, c.Id));
  return inspected.flatMap((info) => {
    if (!info) return [];
    const { holder, serverName } = describeContainer(info);
    return publishedPorts(info).map(({ port, protocol }) => ({
      port,
      protocol,
      layer: 'docker' as const,
      holder,
      ...(serverName === undefined ? {} : { serverName }),
    }));
  });
}

/** Sockets bound on the host; their owner is not looked up, so they read as "another program". */
export async function hostPortHolders(ops: HostOps): Promise<PortHolder[]> {
  const listening = await ops.listeningPorts();
  const holder = 'another program';
  return [
    ...[...listening.udp].map((port) => ({ port, protocol: 'udp' as const, layer: 'host' as const, holder })),
    ...[...listening.tcp].map((port) => ({ port, protocol: 'tcp' as const, layer: 'host' as const, holder })),
  ];
}

// A container removed between the list and its inspect no longer holds anything.
async function inspectIfPresent(docker: Docker, id: string): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(id).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
