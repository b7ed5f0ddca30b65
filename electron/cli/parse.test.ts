import { describe, expect, it } from 'vitest';
import { parsePort } from './parse';
import { CliError } from './cli-error';

describe('parsePort', () => {
  it('reads whole numbers in range', () => {
    expect(parsePort('7321', '--port')).toBe(7321);
    expect(parsePort('0', '--port', { allowZero: true })).toBe(0);
  });

  it('refuses junk, signs, decimals and out-of-range values as invalid input (exit 2)', () => {
    for (const bad of ['', 'abc', '-1', '1.5', '65536', '0x10', '1e3']) {
      let caught: unknown;
      try {
        parsePort(bad, '--port');
      } catch (err) {
        caught = err;
      }
      expect(caught, bad).toBeInstanceOf(CliError);
      expect((caught as CliError).exitCode).toBe(2);
      expect((caught as CliError).message).toContain('--port');
    }
  });
});
