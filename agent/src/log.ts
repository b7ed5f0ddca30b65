/**
 * Logs as JSON lines on stderr (one object per line: `level`, `time`, `msg`
 * and fields), which journald and `docker logs`-style tools keep as they are.
 * Messages are plain sentences; an `err` field becomes `{ message, code }`.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export const logLevels: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface Log {
  debug(fields: object, msg?: string): void;
  info(fields: object, msg?: string): void;
  warn(fields: object, msg?: string): void;
  error(fields: object, msg?: string): void;
}

export function createLog(level: LogLevel = 'info', write: (line: string) => void = writeStderr): Log {
  const min = logLevels.indexOf(level);
  const at =
    (lvl: LogLevel) =>
    (fields: object, msg?: string): void => {
      if (logLevels.indexOf(lvl) < min) return;
      const entry: Record<string, unknown> = { level: lvl, time: new Date().toISOString(), name: 'zedops-agent' };
      for (const [key, value] of Object.entries(fields)) {
        // A field named like one of the line's own keys is kept beside it, never in its place.
        entry[key in entry ? `field_${key}` : key] = key === 'err' ? describeError(value) : value;
      }
      if (msg !== undefined) entry.msg = msg;
      let line: string;
      try {
        line = JSON.stringify(entry, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      } catch {
        line = JSON.stringify({ level: lvl, time: entry.time, name: 'zedops-agent', msg });
      }
      write(line + '\n');
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function silentLog(): Log {
  const nothing = (): void => undefined;
  return { debug: nothing, info: nothing, warn: nothing, error: nothing };
}

function describeError(err: unknown): unknown {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code ? { message: err.message, code } : { message: err.message };
  }
  return err;
}

function writeStderr(line: string): void {
  process.stderr.write(line);
}
