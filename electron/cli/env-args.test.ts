import { describe, expect, it } from 'vitest';
import { CliError } from './cli-error';
import { parseEnvArgs } from './env-args';

function refusal(pairs: string[]): CliError {
  try {
    parseEnvArgs(pairs);
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error(`parseEnvArgs accepted ${JSON.stringify(pairs)}`);
}

describe('parseEnvArgs', () => {
  it('splits at the first "=", so values may hold "=" and be empty', () => {
    expect(parseEnvArgs(['SERVER_NAME=north', 'MOTD=a=b', 'EMPTY='])).toEqual({
      SERVER_NAME: 'north',
      MOTD: 'a=b',
      EMPTY: '',
    });
  });

  it('gives an empty env for no options', () => {
    expect(parseEnvArgs([])).toEqual({});
  });

  it('refuses a pair without "=" or without a key as invalid input (exit 2)', () => {
    for (const bad of [['NOEQUALS'], ['=x'], [' =x']]) {
      const err = refusal(bad);
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain('KEY=VALUE');
    }
  });

  it('refuses a key given twice rather than guessing which one wins', () => {
    const err = refusal(['A=1', 'A=2']);
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('A is given twice');
  });

  it('leaves the choice of allowed keys to the API contract', () => {
    expect(parseEnvArgs(['DEFAULT_PORT=1'])).toEqual({ DEFAULT_PORT: '1' });
  });
});
