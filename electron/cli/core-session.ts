import { dispatch } from '../core/api/dispatch';
import { createLogger, type Logger } from '../core/logger';
import { Zedops } from '../core/zedops';
import type { MethodName, MethodParams, MethodResult } from '../shared/api';
import { toCliError, type ParamNames } from './api-errors';
import type { GlobalOptions } from './global-options';
import { ProgressPrinter } from './progress';

/**
 * Core started in-process for one command. Every call goes through dispatch,
 * so the CLI's input is validated exactly as the UI's is.
 */
export class CoreSession {
  constructor(
    readonly zedops: Zedops,
    private readonly log: Logger,
  ) {}

  async call<M extends MethodName>(method: M, params: MethodParams<M>, names?: ParamNames): Promise<MethodResult<M>> {
    // Stacks of unexpected errors are for debugging, not for the user's terminal.
    const log = this.log.isLevelEnabled('debug') ? this.log : undefined;
    const outcome = await dispatch(this.zedops.handlers, method, params, log);
    if (outcome.ok) return outcome.result as MethodResult<M>;
    throw toCliError(method, params, outcome.error, names);
  }

  /** Prints operation progress on stderr until the returned function is called. */
  showProgress(nameOf: (serverId: string) => string | undefined): () => void {
    const printer = new ProgressPrinter((line) => process.stderr.write(`${line}\n`), nameOf);
    return this.zedops.feed.subscribe('operation.progress', (p) => printer.onProgress(p));
  }
}

export async function withCore<T>(globals: GlobalOptions, run: (core: CoreSession) => Promise<T>): Promise<T> {
  const log = createLogger('zedops', process.env.ZEDOPS_LOG_LEVEL ?? 'warn');
  const zedops = await Zedops.start({ dataDir: globals.dataDir, mode: 'browser', logger: log });
  try {
    return await run(new CoreSession(zedops, log));
  } finally {
    zedops.close();
  }
}
