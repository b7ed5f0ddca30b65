import net from 'node:net';
import { TlsSetupError } from './tls-errors';

/** A Docker Engine's TLS endpoint. `host` is bare (no brackets around IPv6); `address` is the canonical form. */
export interface TcpDockerAddress {
  host: string;
  port: number;
  /** `tcp://HOST:PORT`, IPv6 in brackets: what ZedOps stores and shows. */
  address: string;
}

/** Docker's port for the Engine API over TLS, used when an address names none. */
export const DOCKER_TLS_PORT = 2376;

const hostName =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?$/i;

function refuse(message: string): never {
  throw new TlsSetupError(message, { failure: 'invalid-address' });
}

/** The canonical `tcp://` form of a host and port. */
export function formatTcpDockerAddress(host: string, port: number): string {
  return `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * Reads the address of a Docker Engine reached over TLS: `tcp://HOST[:PORT]`,
 * `https://HOST[:PORT]` or a bare `HOST[:PORT]` (Docker's own shorthand),
 * IPv6 in brackets, port 2376 when none is given. Anything that would not be
 * TLS to a Docker Engine is refused with a sentence saying what to use instead.
 */
export function parseTcpDockerAddress(text: string): TcpDockerAddress {
  const raw = text.trim();
  if (!raw) refuse('No Docker address was given. Write it as tcp://HOST:2376.');

  const withScheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(raw);
  const scheme = withScheme?.[1]?.toLowerCase() ?? 'tcp';
  let rest = withScheme ? (withScheme[2] ?? '') : raw;

  if (scheme === 'http') {
    refuse(
      `"${raw}" is plain HTTP, which would reach Docker without TLS. ZedOps talks to a remote Docker Engine only over TLS, and never turns certificate verification off: write tcp://HOST:2376 and give the host's CA and a client certificate, or add the host over SSH.`,
    );
  }
  if (scheme === 'unix' || scheme === 'npipe' || scheme === 'fd') {
    refuse(`"${raw}" is a Docker socket on this computer, not a TCP address: add it as a local host instead.`);
  }
  if (scheme === 'ssh') {
    refuse(
      `"${raw}" is an SSH address: add it as an SSH host instead, and ZedOps reaches Docker through SSH without TLS certificates.`,
    );
  }
  if (scheme !== 'tcp' && scheme !== 'https') {
    refuse(`"${raw}" is not a Docker TLS address (${scheme}://). Write it as tcp://HOST:2376.`);
  }

  // Docker itself accepts one trailing slash and nothing else after the port.
  if (rest.endsWith('/')) rest = rest.slice(0, -1);
  if (/[/?#]/.test(rest)) {
    refuse(`"${raw}" has a path or query after the host; a Docker address is only tcp://HOST:PORT.`);
  }
  if (rest.includes('@')) {
    refuse(
      `"${raw}" has a user name; a Docker TLS address is only tcp://HOST:PORT (the client certificate says who you are).`,
    );
  }

  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(rest);
    if (!bracketed) refuse(`"${raw}" is not a valid address: write an IPv6 host as tcp://[2001:db8::1]:2376.`);
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (!net.isIPv6(host)) refuse(`"[${host}]" in "${raw}" is not an IPv6 address.`);
  } else {
    const colons = rest.split(':').length - 1;
    if (colons > 1) refuse(`"${raw}" looks like an IPv6 address: put it in brackets, as in tcp://[2001:db8::1]:2376.`);
    const colon = rest.indexOf(':');
    host = colon === -1 ? rest : rest.slice(0, colon);
    portText = colon === -1 ? undefined : rest.slice(colon + 1);
    if (!host) refuse(`"${raw}" names no host. Write it as tcp://HOST:2376.`);
    if (!net.isIPv4(host) && !hostName.test(host)) refuse(`"${host}" in "${raw}" is not a valid host name.`);
  }

  let port = DOCKER_TLS_PORT;
  if (portText !== undefined) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      refuse(
        `"${raw}" has an invalid port "${portText}": use a number from 1 to 65535 (Docker's TLS port is usually 2376).`,
      );
    }
  }

  host = host.toLowerCase();
  return { host, port, address: formatTcpDockerAddress(host, port) };
}
