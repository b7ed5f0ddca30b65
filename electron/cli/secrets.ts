import fs from 'node:fs';
import { CliError, exitCodes } from './cli-error';

/**
 * Passwords never come as plain arguments (they would show in `ps` and shell
 * history): they come from a file or an environment variable.
 */
export interface SecretSource {
  /** The file option, e.g. `--admin-password-file`. */
  fileFlag: string;
  file: string | undefined;
  /** The environment variable, e.g. `ZEDOPS_ADMIN_PASSWORD`. */
  envVar: string;
  env: NodeJS.ProcessEnv;
}

/** Reads a secret file, dropping one trailing newline (as `echo` leaves). */
export function readSecretFile(file: string, flag: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'it does not exist'
        : code === 'EACCES'
          ? 'it is not readable by you'
          : code === 'EISDIR'
            ? 'it is a directory'
            : `it cannot be read (${code ?? 'unknown error'})`;
    throw new CliError(`${flag} ${file}: ${why}. Give a file that holds the password.`, exitCodes.invalid);
  }
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '')
    throw new CliError(`${flag} ${file}: the file is empty. Put the password in it.`, exitCodes.invalid);
  return secret;
}

/** The secret from its file option, else its environment variable; undefined when neither is given. */
export function readSecret(source: SecretSource): string | undefined {
  if (source.file !== undefined) return readSecretFile(source.file, source.fileFlag);
  const fromEnv = source.env[source.envVar];
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

export function requireSecret(source: SecretSource, what: string): string {
  const secret = readSecret(source);
  if (secret === undefined) {
    throw new CliError(
      `${what} is required. Give it with ${source.fileFlag} FILE (a file holding it) or the environment variable ${source.envVar}; it is never taken as a plain argument.`,
      exitCodes.invalid,
    );
  }
  return secret;
}
