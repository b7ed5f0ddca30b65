import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalHostOps } from '../../electron/core/host-ops/local-host-ops';
import type { AgentConfig } from './config';
import { createDockerProxy } from './docker-proxy/index';
import { DockerEventWatcher } from './docker-events';
import { AgentApi, type DockerProxy } from './http-api';
import { Journal } from './journal';
import { closeServer, listenTls, listenUnix, StartupError } from './listeners';
import { createLog, type Log } from './log';
import { agentVersion } from './version';

/** How long requests in flight may take to finish when the agent stops. */
const shutdownGraceMs = 5000;

/**
 * Runs the agent until SIGTERM or SIGINT: opens the journal, starts both
 * listeners and the Docker event watcher, then stops them in order (stop
 * accepting, end streams, let requests finish, write the journal out).
 * Resolves with the exit code; throws a `StartupError` when it cannot start.
 */
export async function runAgent(config: AgentConfig): Promise<number> {
  const log = createLog(config.logLevel);
  const onFatal = (err: unknown): void => {
    log.error(
      { err },
      `The agent hit an unexpected error and stops: ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);

  const hostOps = new LocalHostOps(config.dataRoot);
  let proxy: DockerProxy;
  try {
    proxy = createDockerProxy({ dockerSocket: config.dockerSocket, dataRoot: hostOps.dataRoot, log });
  } catch (err) {
    throw new StartupError(`The Docker proxy cannot start: ${err instanceof Error ? err.message : String(err)}`);
  }
  let journal: Journal;
  try {
    journal = await Journal.open({ dir: config.stateDir, maxBytes: config.journalMaxBytes, log });
  } catch (err) {
    proxy.close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new StartupError(
      `Could not open the event journal in ${config.stateDir} (${code === 'EACCES' ? 'permission denied' : (code ?? (err as Error).message)}). ` +
        'Choose a --state-dir the agent can write to.',
    );
  }
  const servers: http.Server[] = [];
  const api = new AgentApi({
    agentVersion,
    dockerSocket: config.dockerSocket,
    dataRoot: hostOps.dataRoot,
    journal,
    hostOps,
    proxy,
    log,
  });
  try {
    servers.push(await listenUnix(config.socket, api.handle, log));
    if (config.tls) servers.push(await listenTls(config.tls, api.handle, log));
  } catch (err) {
    await Promise.all(servers.map((s) => closeServer(s, 0)));
    proxy.close();
    await journal.close();
    throw err;
  }
  const watcher = new DockerEventWatcher({ socketPath: config.dockerSocket, journal, log });
  watcher.start();
  const tlsAddress = servers[1]?.address() as AddressInfo | undefined;
  log.info(
    {
      version: agentVersion,
      socket: config.socket,
      tls: tlsAddress ? `${tlsAddress.address}:${tlsAddress.port}` : null,
      dockerHost: config.dockerHost,
      dataRoot: hostOps.dataRoot,
      stateDir: config.stateDir,
      journalId: journal.id,
      journalHead: journal.head,
    },
    'zedops-agent is ready.',
  );

  const signal = await waitForSignal(log);
  log.info({ signal }, 'Stopping: no new connections; requests in flight may finish.');
  watcher.stop();
  api.endStreams();
  proxy.close();
  await Promise.all(servers.map((s) => closeServer(s, shutdownGraceMs)));
  await journal.close();
  log.info({ journalHead: journal.head }, 'zedops-agent stopped.');
  process.off('uncaughtException', onFatal);
  process.off('unhandledRejection', onFatal);
  return 0;
}

function waitForSignal(log: Log): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        log.warn({ signal }, 'A second signal: stopping at once, without waiting for requests in flight.');
        process.exit(1);
      }
      stopping = true;
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}
