import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../core/testing/temp-dirs';
import { CliError } from './cli-error';
import { readSecret, readSecretFile, requireSecret, type SecretSource } from './secrets';

const tempDir = useTempDirs('zedops-cli-secrets');

function fileWith(content: string): string {
  const file = path.join(tempDir(), 'pw');
  fs.writeFileSync(file, content);
  return file;
}

function refusal(run: () => unknown): CliError {
  try {
    run();
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

const source = (over: Partial<SecretSource>): SecretSource => ({
  fileFlag: '--admin-password-file',
  file: undefined,
  envVar: 'ZEDOPS_ADMIN_PASSWORD',
  env: {},
  ...over,
});

describe('readSecretFile', () => {
  it('strips exactly one trailing newline', () => {
    expect(readSecretFile(fileWith('hunter2\n'), '--f')).toBe('hunter2');
    expect(readSecretFile(fileWith('hunter2\r\n'), '--f')).toBe('hunter2');
    expect(readSecretFile(fileWith('hunter2\n\n'), '--f')).toBe('hunter2\n');
    expect(readSecretFile(fileWith(' spaced '), '--f')).toBe(' spaced ');
  });

  it('refuses a missing, unreadable or empty file as invalid input (exit 2), naming the option', () => {
    const dir = tempDir();
    for (const [file, why] of [
      [path.join(dir, 'nope'), 'does not exist'],
      [dir, 'is a directory'],
      [fileWith(''), 'empty'],
      [fileWith('\n'), 'empty'],
    ] as const) {
      const err = refusal(() => readSecretFile(file, '--admin-password-file'));
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain('--admin-password-file');
      expect(err.message).toContain(why);
    }
  });
});

describe('readSecret', () => {
  it('prefers the file option over the environment variable', () => {
    const file = fileWith('from-file\n');
    expect(readSecret(source({ file, env: { ZEDOPS_ADMIN_PASSWORD: 'from-env' } }))).toBe('from-file');
  });

  it('falls back to the environment variable, treating an empty one as not given', () => {
    expect(readSecret(source({ env: { ZEDOPS_ADMIN_PASSWORD: 'from-env' } }))).toBe('from-env');
    expect(readSecret(source({ env: { ZEDOPS_ADMIN_PASSWORD: '' } }))).toBeUndefined();
    expect(readSecret(source({}))).toBeUndefined();
  });

  it('when required and absent, refuses with exit 2 naming both ways to give it', () => {
    const err = refusal(() => requireSecret(source({}), 'An admin password'));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('--admin-password-file');
    expect(err.message).toContain('ZEDOPS_ADMIN_PASSWORD');
  });
});
