import { describe, expect, it } from 'vitest';
import { parsePort, parseWholeNumber } from './parse';
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

describe('parseWholeNumber', () => {
  it('reads whole numbers and leaves the range to the API contract', () => {
    expect(parseWholeNumber('16261', '--game-port')).toBe(16261);
    expect(parseWholeNumber('80', '--game-port')).toBe(80);
    expect(parseWholeNumber(' 99999 ', '--game-port')).toBe(99999);
  });

  it('refuses anything but digits as invalid input (exit 2), naming the option', () => {
    for (const bad of ['', 'abc', '-1', '+5', '1.5', '0x10', '1e3', '12a', '9999999999']) {
      let caught: unknown;
      try {
        parseWholeNumber(bad, '--game-port');
      } catch (err) {
        caught = err;
      }
      expect(caught, bad).toBeInstanceOf(CliError);
      expect((caught as CliError).exitCode).toBe(2);
      expect((caught as CliError).message).toContain('--game-port');
    }
  });
});
