import https from 'node:https';
import Docker from 'dockerode';
import type { HostRecord } from '../catalog/hosts-repo';
import { HelperContainerHostOps } from '../host-ops/helper-container-host-ops';
import type { ConnectContext, HostConnection } from './host-connection';
import { tlsSettingsOf, unsealHostSecret, type TlsSettings } from './host-settings';
import { describeTlsError } from './tls/tls-errors';
import { tlsDockerOptions } from './tls/tls-docker';

/** How often a TLS host is asked whether it is still there: a dead TCP link says nothing by itself. */
const tlsHeartbeatMs = 3_000;

/**
 * Docker over TCP with mutual TLS. Only the Docker API is reachable, so host
 * operations run in a short-lived helper container, and RCON (published on
 * the host's loopback) cannot be reached: stops go through Docker.
 */
export function connectTls(host: HostRecord, context: ConnectContext): HostConnection {
  const settings = tlsSettingsOf(host);
  const link = tlsLinkFor(host, settings.tls, context);
  return {
    host,
    docker: link.docker,
    ops: new HelperContainerHostOps({
      docker: link.docker,
      dataRoot: host.dataRoot,
      helperImage: settings.helperImage,
      log: context.log,
    }),
    rconAddress: () => undefined,
    describeError: (err) => describeTlsError(err, host.address),
    heartbeat: link.heartbeat,
    routes: {
      hostOps: `a short-lived helper container (${settings.helperImage}) with the data root's folder mounted`,
      rcon: "not reachable over a Docker TLS endpoint (RCON listens on the host's 127.0.0.1); servers stop through Docker, which sends SIGTERM and the game saves",
    },
    close: link.close,
  };
}

/**
 * dockerode over mutual TLS to `address` (tcp://H:P), with the sealed client
 * key, and a heartbeat on fresh sockets with a timeout, so it tests the link
 * and not a pooled socket.
 */
export function tlsLinkFor(
  host: HostRecord,
  tls: TlsSettings['tls'],
  context: ConnectContext,
  address = host.address,
): { docker: Docker; heartbeat: NonNullable<HostConnection['heartbeat']>; close(): void } {
  const secret = unsealHostSecret(context.cipher, host);
  if (!secret.tlsKey) throw new Error(`Host "${host.name}" has no client key in the catalog; add it again.`);
  const material = { ca: tls.ca, cert: tls.cert, key: secret.tlsKey };
  const options = tlsDockerOptions(address, material);
  const heartbeatDocker = new Docker({
    ...options,
    agent: new https.Agent({ keepAlive: false, rejectUnauthorized: true, ...material }),
  } as Docker.DockerOptions);
  const pooled = options.agent;
  return {
    docker: new Docker(options),
    heartbeat: {
      intervalMs: tlsHeartbeatMs,
      check: async () => {
        const signal = AbortSignal.timeout(tlsHeartbeatMs);
        try {
          // dockerode's ping takes an abortSignal, which its typings leave out.
          await (heartbeatDocker.ping as (opts: object) => Promise<unknown>).call(heartbeatDocker, {
            abortSignal: signal,
          });
        } catch (err) {
          if (!signal.aborted) throw err;
          const error = new Error(`Docker at ${address} did not answer within ${tlsHeartbeatMs / 1000} s.`);
          (error as NodeJS.ErrnoException).code = 'ETIMEDOUT';
          throw error;
        }
      },
      resetLink: () => pooled.destroy(),
    },
    close: () => pooled.destroy(),
  };
}
