import { HostOpsError } from './host-ops';
import {
  ScriptHostOps,
  scriptForStdin,
  seconds,
  shellQuote,
  type ScriptHostOpsOptions,
  type ScriptReply,
  type ScriptRun,
} from './posix-host-ops';

/**
 * A command channel on the host, as an SSH session gives one: `command` runs
 * in the login shell of the user ZedOps logs in as, `stdin` is written and
 * then closed. Resolves when the command has ended, whatever its exit code;
 * rejects when it could not be run or `timeoutMs` passed first.
 */
export interface RemoteShell {
  exec(
    command: string,
    options?: { stdin?: string; timeoutMs?: number },
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export interface SshHostOpsOptions extends ScriptHostOpsOptions {
  /** The host's one SSH connection. */
  shell: RemoteShell;
  /** The data root on the host: an absolute POSIX path. */
  dataRoot: string;
  /** The POSIX shell that runs the script on the host, as words [`/bin/sh`]. */
  sh?: readonly string[];
}

/** How much longer than its own timeout a `RemoteShell` gets before ZedOps stops waiting for it. */
const graceMs = 5_000;

/**
 * `ssh` hosts: the host-ops script runs over the host's SSH connection, one
 * exec channel per operation, as the user ZedOps logs in as. The command line
 * is only `/bin/sh -s`; the script and its arguments go on stdin, so the
 * login shell (bash, zsh, fish, ...) never parses a path.
 */
export class SshHostOps extends ScriptHostOps {
  protected readonly prefix = '';
  protected readonly seesWholeHost = true;
  protected readonly permissionAdvice =
    'Give the user ZedOps logs in as over SSH access to the data root, or choose a data root that user can write to.';
  private readonly shell: RemoteShell;
  private readonly command: string;

  constructor(options: SshHostOpsOptions) {
    super(options.dataRoot, options);
    this.shell = options.shell;
    this.command = `${(options.sh ?? ['/bin/sh']).map(shellQuote).join(' ')} -s`;
  }

  protected async runScript(run: ScriptRun): Promise<ScriptReply> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('no answer')), run.timeoutMs + graceMs);
    });
    try {
      return await Promise.race([
        this.shell.exec(this.command, { stdin: scriptForStdin(run.args), timeoutMs: run.timeoutMs }),
        late,
      ]);
    } catch (err) {
      if (err instanceof HostOpsError) throw err;
      if (Date.now() - started >= run.timeoutMs) {
        throw new HostOpsError(
          'io',
          `Could not ${run.task}: the host did not answer over SSH within ${seconds(run.timeoutMs)}. ` +
            'Check that the host is not overloaded and its disk answers, then try again.',
          { cause: err },
        );
      }
      const reason = err instanceof Error ? err.message : String(err);
      throw new HostOpsError(
        'io',
        `Could not ${run.task} over SSH (${reason}). Check the connection to the host and try again.`,
        { cause: err },
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
