import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { AgentConfig } from './config';
import type { Log } from './log';

/** Mode of the unix socket: the agent's user and group (see the systemd unit) may connect, nobody else. */
export const socketMode = 0o660;

/** The longest path a unix socket may have on Linux (sun_path is 108 bytes with its NUL). */
const maxSocketPathBytes = 107;

/** A problem that stops the agent from starting; the message says what to do. */
export class StartupError extends Error {
  override name = 'StartupError';
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

function configure(server: http.Server, log: Log, where: string): void {
  // Long-lived answers (a followed journal, Docker's events and logs) must not time out; request heads must.
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const timeout = err.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    const status = tooLarge ? 431 : timeout ? 408 : 400;
    const reason = tooLarge ? 'Request Header Fields Too Large' : timeout ? 'Request Timeout' : 'Bad Request';
    const message = tooLarge
      ? 'The request headers are too large (16 KiB at most).'
      : timeout
        ? 'The request took too long to arrive.'
        : `The request is not valid HTTP (${err.code ?? 'parse error'}: ${err.message}). The agent speaks HTTP/1.1.`;
    const body = JSON.stringify({ message, kind: tooLarge ? 'too-large' : 'invalid' });
    log.debug({ where, code: err.code }, message);
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** Whether something answers on a unix socket path. */
function socketAnswers(socketPath: string): Promise<boolean | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const probe = net.connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', (err: NodeJS.ErrnoException) => {
      resolve(err.code === 'ECONNREFUSED' ? false : err);
    });
  });
}

/**
 * Listens on the unix socket with mode 0660, creating its folder. A socket
 * file nobody answers on (left by an agent that was killed) is replaced; one
 * that answers belongs to a running agent, and is refused.
 */
export async function listenUnix(socketPath: string, handler: Handler, log: Log): Promise<http.Server> {
  if (Buffer.byteLength(socketPath) > maxSocketPathBytes) {
    throw new StartupError(
      `The socket path ${socketPath} is ${Buffer.byteLength(socketPath)} bytes long; unix sockets allow ${maxSocketPathBytes}. ` +
        'Choose a shorter --socket.',
    );
  }
  try {
    fs.mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o755 });
  } catch (err) {
    throw new StartupError(
      `Could not create the folder for the socket ${socketPath} (${(err as NodeJS.ErrnoException).code ?? String(err)}). ` +
        'Choose a --socket in a folder the agent can write to.',
    );
  }
  let existing: fs.Stats | undefined;
  try {
    existing = fs.lstatSync(socketPath);
  } catch {
    existing = undefined;
  }
  if (existing) {
    if (!existing.isSocket()) {
      throw new StartupError(
        `${socketPath} exists and is not a socket, so the agent will not replace it. Move it away or choose another --socket.`,
      );
    }
    const answers = await socketAnswers(socketPath);
    if (answers === true) {
      throw new StartupError(
        `Another agent is already listening on ${socketPath}. Stop it first (systemctl stop zedops-agent), ` +
          'or give this one another --socket and --state-dir.',
      );
    }
    if (answers !== false) {
      throw new StartupError(`Could not check the socket ${socketPath} (${answers.code ?? answers.message}).`);
    }
    fs.unlinkSync(socketPath);
    log.info({ socket: socketPath }, 'Replaced a stale socket left by an agent that did not stop cleanly.');
  }
  const server = http.createServer(handler);
  configure(server, log, socketPath);
  // Create the socket without world access from the first instant (the bind happens inside listen(),
  // synchronously), then set 0660 exactly. The umask is process-wide, so it is put back at once.
  const previousUmask = process.umask(0o117);
  let listening: Promise<void>;
  try {
    listening = new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previousUmask);
  }
  try {
    await listening;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StartupError(
      code === 'EADDRINUSE'
        ? `Another program took ${socketPath} just now. Stop it or choose another --socket.`
        : code === 'EACCES'
          ? `Permission denied creating the socket ${socketPath}. Run the agent as a user that may write to ${path.dirname(socketPath)}.`
          : `Could not listen on ${socketPath} (${code ?? String(err)}).`,
    );
  }
  fs.chmodSync(socketPath, socketMode);
  return server;
}

function readTlsFile(what: string, file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StartupError(
      `Could not read ${what} ${file} (${code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : (code ?? String(err))}). ` +
        '"zedops-agent certs init --dir DIR" makes the CA, the certificate and the key.',
    );
  }
}

/** The TCP listener with mutual TLS: every client must show a certificate signed by the CA in `tlsCa`. */
export async function listenTls(
  tls: NonNullable<AgentConfig['tls']>,
  handler: Handler,
  log: Log,
): Promise<https.Server> {
  const ca = readTlsFile('the TLS CA certificate (--tls-ca)', tls.ca);
  const cert = readTlsFile("the agent's TLS certificate (--tls-cert)", tls.cert);
  const key = readTlsFile("the agent's TLS key (--tls-key)", tls.key);
  let server: https.Server;
  try {
    server = https.createServer(
      { ca, cert, key, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' },
      handler,
    );
  } catch (err) {
    throw new StartupError(
      `The TLS files cannot be used together (${(err as Error).message}). Check that ${tls.cert} and ${tls.key} ` +
        'are a PEM certificate and its private key, and that the CA file holds PEM certificates.',
    );
  }
  configure(server, log, `${tls.host}:${tls.port}`);
  server.on('tlsClientError', (err: NodeJS.ErrnoException, socket) => {
    log.info(
      { remote: socket.remoteAddress, code: err.code },
      `Refused a TLS connection: ${err.message} (clients need a certificate signed by the agent's CA).`,
    );
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(tls.port, tls.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${tls.host}:${tls.port}`;
    throw new StartupError(
      code === 'EADDRINUSE'
        ? `Port ${tls.port} on ${tls.host} is already in use. Stop what uses it or choose another port in --listen.`
        : code === 'EADDRNOTAVAIL'
          ? `${tls.host} is not an address of this machine. Use one of its addresses, or 0.0.0.0 for all of them.`
          : code === 'EACCES'
            ? `Permission denied listening on ${where} (ports below 1024 need root). Choose a higher port.`
            : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
              ? `The listen address ${tls.host} cannot be resolved. Use an IP address.`
              : `Could not listen on ${where} (${code ?? String(err)}).`,
    );
  }
  return server;
}

/** Stops accepting, lets requests in flight finish for up to `graceMs`, then cuts what is left. */
export async function closeServer(server: http.Server, graceMs: number): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
