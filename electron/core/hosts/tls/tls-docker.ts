import https from 'node:https';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import Docker from 'dockerode';
import { parseTcpDockerAddress } from './tcp-address';
import { checkTlsMaterial, type TlsMaterial } from './tls-credentials';
import { classifyTlsError, TlsSetupError } from './tls-errors';

/** dockerode options for one TLS host, with the keep-alive agent every request to that host goes through. */
export type TlsDockerOptions = Docker.DockerOptions & { agent: https.Agent };

/** What a caller may add; nothing here can touch verification. */
export interface TlsDockerExtra {
  /** Per-request socket timeout in ms; leave unset for clients that hold event streams open. */
  timeout?: number;
  /** Engine API version to pin, as in "v1.41". */
  version?: string;
}

/**
 * dockerode options for a Docker Engine over mutual TLS. Build one per host
 * and keep it: its agent keeps TLS connections alive between requests.
 *
 * docker-modem hands ca/cert/key to https.request along with the agent, and
 * Node's agent lets its own options win over the request's, so the agent
 * carries the credentials and pins verification on: no request option can
 * turn it off.
 */
export function tlsDockerOptions(address: string, material: TlsMaterial, extra: TlsDockerExtra = {}): TlsDockerOptions {
  const { host, port } = parseTcpDockerAddress(address);
  const { ca, cert, key } = material;
  const agent = new https.Agent({
    keepAlive: true,
    ca,
    cert,
    key,
    rejectUnauthorized: true,
    checkServerIdentity: tls.checkServerIdentity,
  });
  return {
    protocol: 'https',
    // docker-modem parses the host with url.parse, which takes "fe80::1" for a scheme; brackets keep IPv6 whole.
    host: host.includes(':') ? `[${host}]` : host,
    port,
    ca,
    cert,
    key,
    agent,
    ...(extra.timeout !== undefined ? { timeout: extra.timeout } : {}),
    ...(extra.version !== undefined ? { version: extra.version } : {}),
  };
}

/** A Docker Engine that answered over TLS. */
export interface TlsProbe {
  dockerVersion: string;
  apiVersion: string;
  /** Milliseconds for GET /version on a fresh connection: TCP connect, TLS handshake and the answer. */
  rttMs: number;
}

type VersionCall = (options: { abortSignal: AbortSignal }) => Promise<Docker.DockerVersion>;

/**
 * Asks the endpoint for GET /version with the given credentials, as they are:
 * no local check first. Failures become a TlsSetupError whose message is
 * describeTlsError's sentence. probeTls is what callers want; this is for
 * reporting what the host itself says about credentials.
 */
export async function probeTlsEndpoint(address: string, material: TlsMaterial, timeoutMs = 5000): Promise<TlsProbe> {
  const canonical = parseTcpDockerAddress(address).address;
  const options = tlsDockerOptions(canonical, material);
  const docker = new Docker(options);
  // dockerode passes abortSignal to the request; its typings do not list it.
  const version = docker.version.bind(docker) as unknown as VersionCall;
  const started = performance.now();
  try {
    const answer = await version({ abortSignal: AbortSignal.timeout(timeoutMs) });
    const rttMs = Math.round(performance.now() - started);
    if (typeof answer?.Version !== 'string' || typeof answer.ApiVersion !== 'string') {
      throw new TlsSetupError(
        `${canonical} answered over TLS, but not like a Docker Engine (no version in its answer to GET /version). Check that the address is the Docker daemon's TLS port.`,
        { failure: 'not-docker' },
      );
    }
    return { dockerVersion: answer.Version, apiVersion: answer.ApiVersion, rttMs };
  } catch (err) {
    if (err instanceof TlsSetupError) throw err;
    const { failure, message } = classifyTlsError(err, canonical);
    throw new TlsSetupError(message, { failure, cause: err });
  } finally {
    options.agent.destroy();
  }
}

/**
 * Tests a TLS host: checks the credentials here first (an expired or
 * mismatched client certificate is named as such, before any connection),
 * then asks the Docker Engine for its version.
 */
export async function probeTls(address: string, material: TlsMaterial, timeoutMs = 5000): Promise<TlsProbe> {
  const canonical = parseTcpDockerAddress(address).address;
  checkTlsMaterial(material);
  return probeTlsEndpoint(canonical, material, timeoutMs);
}
