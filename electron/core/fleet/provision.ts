import type { ServerRecord } from '../catalog/servers-repo';
import type { HostConnection } from '../hosts/host-connection';
import { containerSpec, type ServerSecrets } from './container-spec';
import { ensureNetworks, managedContainers, removeContainer } from './docker-ops';
import { startContainer } from './graceful-stop';
import { networks } from './container-spec';

/**
 * Steps 5 to 8 of Create (LIFECYCLE.md): the server's dirs, the networks, a
 * fresh container (any old one with this server's label is removed first),
 * and start. Returns the new container id.
 */
export async function provisionContainer(
  conn: HostConnection,
  server: ServerRecord,
  secrets: ServerSecrets,
  stopTimeoutSeconds: number,
  onStep: (message: string) => void,
): Promise<string> {
  onStep(`Making ${conn.ops.dataRoot}/${server.name}/bin and /data`);
  await conn.ops.createDataDirs(server.name);
  onStep('Checking the zomboid-servers and zomboid-backend networks');
  await ensureNetworks(conn.docker);
  for (const old of await managedContainers(conn.docker, server.id)) await removeContainer(conn.docker, old.id);
  onStep('Creating the container');
  const container = await conn.docker.createContainer(
    containerSpec(server, secrets, conn.ops.dataRoot, stopTimeoutSeconds),
  );
  try {
    await conn.docker.getNetwork(networks.backend).connect({ Container: container.id });
    onStep('Starting the container');
    await startContainer(conn.docker, container.id);
  } catch (err) {
    // A container that never started is no use to anyone; Edit & Retry makes a new one.
    await removeContainer(conn.docker, container.id);
    throw err;
  }
  return container.id;
}
