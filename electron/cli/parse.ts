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

/**
 * A whole number, strictly (no signs, decimals, hex or exponents). Ranges are
 * left to the API contract, so the CLI refuses exactly what the UI refuses.
 */
export function parseWholeNumber(raw: string, flag: string): number {
  const trimmed = raw.trim();
  if (!/^\d{1,9}$/.test(trimmed)) {
    throw new CliError(`${flag} must be a whole number, such as 16261; got "${raw}".`, exitCodes.invalid);
  }
  return Number(trimmed);
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
