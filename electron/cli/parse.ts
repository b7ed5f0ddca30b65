import { CliError, exitCodes } from './cli-error';

export function parsePort(raw: string, flag: string, { allowZero = false } = {}): number {
  const trimmed = raw.trim();
  const n = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  const min = allowZero ? 0 : 1;
  if (!Number.isInteger(n) || n < min || n > 65535) {
    throw new CliError(`${flag} must be a whole number from ${min} to 65535; got "${raw}".`, exitCodes.invalid);
  }
  return n;
}
