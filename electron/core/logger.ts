import pino from 'pino';

export type Logger = pino.Logger;

/** Structured logs on stderr, so stdout stays clean for `--json` output. */
export function createLogger(name: string, level = process.env.ZEDOPS_LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level }, pino.destination(2));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
