import path from 'node:path';
import type { Command } from 'commander';
import { Zedops } from '../../core/zedops';
import { createLogger } from '../../core/logger';
import { startServe } from '../../serve/serve';
import { loadOrCreateToken } from '../../serve/token';
import { CliError, exitCodes } from '../cli-error';
import { parsePort } from '../parse';
import type { GlobalOptions } from '../global-options';

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

export function registerServe(program: Command, globals: () => GlobalOptions): void {
  program
    .command('serve')
    .description('run ZedOps in the browser: serves the UI and its API on 127.0.0.1, guarded by a token')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '7321')
    .option('--listen <addr>', 'address to listen on', '127.0.0.1')
    .action(async (opts: { port: string; listen: string }) => {
      const port = parsePort(opts.port, '--port', { allowZero: true });
      const listen = opts.listen.trim();
      if (!listen) throw new CliError('--listen needs an address, such as 127.0.0.1.', exitCodes.invalid);
      const { dataDir } = globals();
      const log = createLogger('zedops-serve');
      const zedops = await Zedops.start({ dataDir, mode: 'browser', logger: log });
      const token = loadOrCreateToken(dataDir);
      const staticDir = process.env.ZEDOPS_RENDERER_DIR ?? path.resolve(__dirname, '..', 'renderer');
      let server;
      try {
        server = await startServe({ zedops, token, staticDir, listen, port, log });
      } catch (err) {
        zedops.close();
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new CliError(
            `Port ${port} on ${listen} is already in use. Pick another with --port, or --port 0 for any free one.`,
          );
        if (code === 'EADDRNOTAVAIL')
          throw new CliError(`This machine has no address ${listen}. Use --listen 127.0.0.1.`, exitCodes.invalid);
        throw err;
      }
      zedops.startBackgroundWork();
      if (!loopback.has(listen)) {
        process.stderr.write(
          `WARNING: listening on ${listen}, not just this computer. Anyone who can reach this address and has the token can control your servers. Put it behind TLS or an SSH tunnel.\n`,
        );
      }
      process.stdout.write(`ZedOps is running in browser mode. Data dir: ${dataDir}\nOpen: ${server.openUrl}\n`);

      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await server.close();
      zedops.close();
    });
}
