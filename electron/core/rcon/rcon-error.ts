export type RconErrorKind =
  /** Nothing listens on the port. */
  | 'refused'
  /** The host cannot be reached or its name does not resolve. */
  | 'unreachable'
  /** No answer in time. */
  | 'timeout'
  /** Wrong password, or a command sent before logging in. */
  | 'auth'
  /** The connection closed before the answer came. */
  | 'closed'
  /** The peer does not speak Source RCON. */
  | 'protocol';

/** An RCON failure whose message tells a user what failed and what to do. */
export class RconError extends Error {
  override name = 'RconError';

  constructor(
    readonly kind: RconErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function describeSocketError(target: string, error: NodeJS.ErrnoException): RconError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new RconError(
        'refused',
        `Could not connect to ${target}: connection refused. Check that the server is running and that ` +
          'RCONPort and RCONPassword are set in its .ini (RCON is off without both).',
        { cause: error },
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new RconError(
        'unreachable',
        `Could not reach ${target} (${error.code}). Check the host name and that this machine can reach it.`,
        { cause: error },
      );
    case 'ETIMEDOUT':
      return timeoutError(target, 'connecting');
    default:
      return new RconError(
        'closed',
        `The connection to ${target} failed (${error.code ?? error.message}). The server may have stopped; try again.`,
        { cause: error },
      );
  }
}

export function timeoutError(target: string, doing: string, timeoutMs?: number): RconError {
  const within = timeoutMs === undefined ? '' : ` within ${formatSeconds(timeoutMs)}`;
  return new RconError(
    'timeout',
    `${target} did not answer${within} while ${doing}. Check that the port is the server's RCON port (TCP) ` +
      'and that no firewall drops the traffic; a server busy saving a large world may also need a longer timeout.',
  );
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
