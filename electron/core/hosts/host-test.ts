import type { HostTest } from '../../shared/api';
import { ApiError } from '../../shared/api';
import type { HostConnection } from './host-connection';

/** A server name no one would give, so asking about its folder changes and finds nothing. */
const probeName = 'zedops-connection-test';

/**
 * `hosts.test`: connects and says what works — the Docker API with its
 * version and round-trip time, the event stream, data folders, listening
 * ports and how RCON is reached. Only reads; changes nothing on the host.
 */
export async function testHost(conn: HostConnection): Promise<HostTest> {
  let version: { Version: string; ApiVersion: string };
  let rttMs: number;
  try {
    version = await conn.docker.version();
    const started = performance.now();
    await conn.docker.ping();
    rttMs = Math.round((performance.now() - started) * 10) / 10;
  } catch (err) {
    throw new ApiError('failed', conn.describeError(err));
  }
  const operations: HostTest['operations'] = [
    { name: 'Docker API', available: true, detail: `Docker ${version.Version} (API ${version.ApiVersion})` },
    await check('Event stream', async () => {
      const now = Math.floor(Date.now() / 1000);
      // `until` makes Docker answer at once and end the stream.
      const stream = await conn.docker.getEvents({ since: now, until: now });
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      return 'container events are pushed as they happen';
    }),
    await check('Data folders', async () => {
      await conn.ops.dataDirStatus(probeName);
      return `under ${conn.host.dataRoot}, through ${conn.routes.hostOps}`;
    }),
    await check('Listening ports', async () => {
      const ports = await conn.ops.listeningPorts();
      return `${ports.tcp.size} TCP and ${ports.udp.size} UDP ports in use, read through ${conn.routes.hostOps}`;
    }),
    { name: 'RCON', available: conn.rconAddress(27015) !== undefined, detail: conn.routes.rcon },
  ];
  return { dockerVersion: version.Version, apiVersion: version.ApiVersion, rttMs, operations };
}

async function check(name: string, run: () => Promise<string>): Promise<HostTest['operations'][number]> {
  try {
    return { name, available: true, detail: await run() };
  } catch (err) {
    return { name, available: false, detail: err instanceof Error ? err.message : String(err) };
  }
}
