/** Exit codes people can script against. */
export const exitCodes = { ok: 0, failed: 1, invalid: 2 } as const;

/** An error the CLI prints as one plain sentence on stderr, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = exitCodes.failed,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
