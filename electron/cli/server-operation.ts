import type { ServerStatus } from '../shared/lifecycle';
import type { Server } from '../shared/servers';
import { ApiCallError } from './api-errors';
import { CliError, exitCodes } from './cli-error';
import type { CoreSession } from './core-session';
import { findServer } from './resolve';
import { toCliServer } from './server-json';
import { printJson } from './output';

const pollMs = 1000;

export interface ServerOperation {
  /** What the user asked for, in words: "create", "stop". */
  verb: string;
  name: string;
  hostId: string;
  /** Status the server has when the operation succeeded. */
  expect: ServerStatus;
  json: boolean;
  /** Human line for a success. */
  done: (server: Server) => string;
}

/**
 * Runs a server operation to its end: progress on stderr while it runs, the
 * server on stdout, exit 1 with its last error when it did not get where it
 * should. A command returns only when the operation has finished.
 */
export async function runServerOperation(
  core: CoreSession,
  op: ServerOperation,
  nameOf: (serverId: string) => string | undefined,
  start: () => Promise<Server>,
): Promise<void> {
  const stopProgress = core.showProgress(nameOf);
  let server: Server;
  try {
    server = await untilSettled(core, await start());
  } catch (err) {
    if (!(err instanceof ApiCallError) || err.exitCode !== exitCodes.failed) throw err;
    const after = await findServer(core, op.hostId, op.name).catch(() => undefined);
    if (after && op.json) printJson(toCliServer(after));
    throw new CliError(withServerState(err.message, after), exitCodes.failed);
  } finally {
    stopProgress();
  }
  if (op.json) printJson(toCliServer(server));
  if (server.status !== op.expect) {
    throw new CliError(
      withServerState(`The ${op.verb} of server "${op.name}" did not finish: it is ${server.status}.`, server),
      exitCodes.failed,
    );
  }
  if (!op.json) process.stdout.write(`${op.done(server)}\n`);
}

/**
 * Waits while an operation holds the server's lease. Core reports only live
 * leases, so a row left transient by a dead process ends the wait and is
 * reported as not finished instead of hanging the command.
 */
export async function untilSettled(core: CoreSession, server: Server): Promise<Server> {
  let current = server;
  while (current.operation !== null) {
    await nextChange(core, current.id);
    current = await core.call('servers.get', { serverId: current.id });
  }
  return current;
}

function nextChange(core: CoreSession, serverId: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      off();
      resolve();
    };
    // Events make it prompt; the timer covers a change that landed before we subscribed.
    const timer = setTimeout(done, pollMs);
    const off = core.zedops.feed.subscribe('server.changed', (s) => {
      if (s.id === serverId) done();
    });
  });
}

/** Adds what the server now says about the failure, and the way out, to an error message. */
export function withServerState(message: string, server: Server | undefined): string {
  if (!server) return message;
  const lines = [message];
  if (server.lastError && !message.includes(server.lastError)) lines.push(`Last error: ${server.lastError}`);
  if (server.status === 'failed') {
    lines.push(
      `Server "${server.name}" is now failed. Fix the cause and run "zedops server retry ${server.name}" (it takes --image, port and --env options), or remove it with "zedops server purge ${server.name} --yes".`,
    );
  }
  return lines.join('\n');
}
