import { CliError, exitCodes } from './cli-error';

/**
 * Turns repeated `--env KEY=VALUE` into an env object. Only the shape is
 * checked here; which keys are allowed is the contract's rule (dispatch).
 */
export function parseEnvArgs(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) {
      throw new CliError(
        `--env takes KEY=VALUE, as in --env SERVER_NAME=north; got "${pair}" (no "=").`,
        exitCodes.invalid,
      );
    }
    const key = pair.slice(0, eq);
    if (key.trim() === '') {
      throw new CliError(`--env takes KEY=VALUE with a key before "="; got "${pair}".`, exitCodes.invalid);
    }
    if (Object.hasOwn(env, key)) {
      throw new CliError(`--env ${key} is given twice; give each key once.`, exitCodes.invalid);
    }
    env[key] = pair.slice(eq + 1);
  }
  return env;
}
