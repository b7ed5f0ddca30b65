import type { Command } from 'commander';
import { withCore } from '../core-session';
import { parseEnvArgs } from '../env-args';
import type { GlobalOptions } from '../global-options';
import { collect, parseWholeNumber } from '../parse';
import { resolveHost, resolveServer } from '../resolve';
import { readSecret, requireSecret } from '../secrets';
import { runServerOperation } from '../server-operation';

const serverParamNames = {
  hostId: '--host',
  name: 'NAME',
  image: '--image',
  gamePort: '--game-port',
  udpPort: '--udp-port',
  rconPort: '--rcon-port',
  adminPassword: 'the admin password',
  rconPassword: 'the RCON password',
  env: '--env',
};

interface PortOptions {
  gamePort?: string;
  udpPort?: string;
  rconPort?: string;
}

function parsePorts(opts: PortOptions): { gamePort?: number; udpPort?: number; rconPort?: number } {
  const port = (raw: string | undefined, flag: string) => (raw === undefined ? undefined : parseWholeNumber(raw, flag));
  return {
    gamePort: port(opts.gamePort, '--game-port'),
    udpPort: port(opts.udpPort, '--udp-port'),
    rconPort: port(opts.rconPort, '--rcon-port'),
  };
}

function withPortOptions(command: Command): Command {
  return command
    .option('--game-port <n>', 'game port (UDP); default: the first free one from 16261')
    .option('--udp-port <n>', 'second game port (UDP); default: the game port + 1')
    .option('--rcon-port <n>', 'RCON port (TCP, published on 127.0.0.1 only); default: the first free one from 27015');
}

interface CreateOptions extends PortOptions {
  host: string;
  image: string;
  adminPasswordFile?: string;
  rconPasswordFile?: string;
  env: string[];
  json?: boolean;
}

interface RetryOptions extends PortOptions {
  host?: string;
  image?: string;
  env: string[];
  json?: boolean;
}

export function registerServerCreate(server: Command, globals: () => GlobalOptions): void {
  withPortOptions(
    server
      .command('create')
      .description('create a server and start it; returns when it runs (or has failed)')
      .argument('<name>', 'lowercase letters, digits and hyphens; becomes the container and folder name')
      .requiredOption('--host <name>', 'the host to run it on')
      .requiredOption('--image <image>', 'Docker image, as in renegademaster/zomboid-dedicated-server:latest'),
  )
    .option('--admin-password-file <file>', 'file holding the admin password (else env ZEDOPS_ADMIN_PASSWORD)')
    .option('--rcon-password-file <file>', 'file holding the RCON password (else env ZEDOPS_RCON_PASSWORD)')
    .option('--env <KEY=VALUE>', 'environment variable for the game (repeatable)', collect, [])
    .option('--json', 'print the server as one JSON document')
    .action(async (name: string, opts: CreateOptions) => {
      const ports = parsePorts(opts);
      const env = parseEnvArgs(opts.env);
      const adminPassword = requireSecret(
        {
          fileFlag: '--admin-password-file',
          file: opts.adminPasswordFile,
          envVar: 'ZEDOPS_ADMIN_PASSWORD',
          env: process.env,
        },
        'An admin password',
      );
      const rconPassword = readSecret({
        fileFlag: '--rcon-password-file',
        file: opts.rconPasswordFile,
        envVar: 'ZEDOPS_RCON_PASSWORD',
        env: process.env,
      });
      await withCore(globals(), async (core) => {
        const host = await resolveHost(core, opts.host);
        await runServerOperation(
          core,
          {
            verb: 'create',
            name,
            hostId: host.id,
            expect: 'running',
            json: Boolean(opts.json),
            done: (s) =>
              `Server "${s.name}" is running on host "${s.host}": game ${s.gamePort}/udp, ${s.udpPort}/udp, RCON ${s.rconPort}/tcp on 127.0.0.1.`,
          },
          () => name,
          () =>
            core.call(
              'servers.create',
              { hostId: host.id, name, image: opts.image, ...ports, adminPassword, rconPassword, env },
              serverParamNames,
            ),
        );
      });
    });

  withPortOptions(
    server
      .command('retry')
      .description('Edit & Retry a failed server: change what you give, keep the rest, and create it again')
      .argument('<name>', 'the failed server')
      .option('--host <name>', 'the host, when several have a server of this name')
      .option('--image <image>', 'a different Docker image'),
  )
    .option('--env <KEY=VALUE>', 'environment variable (repeatable); when given, replaces the whole env', collect, [])
    .option('--json', 'print the server as one JSON document')
    .action(async (name: string, opts: RetryOptions) => {
      const ports = parsePorts(opts);
      const env = opts.env.length > 0 ? parseEnvArgs(opts.env) : undefined;
      await withCore(globals(), async (core) => {
        const target = await resolveServer(core, name, opts.host);
        await runServerOperation(
          core,
          {
            verb: 'retry',
            name: target.name,
            hostId: target.hostId,
            expect: 'running',
            json: Boolean(opts.json),
            done: (s) => `Server "${s.name}" is running.`,
          },
          (id) => (id === target.id ? target.name : undefined),
          () => core.call('servers.retry', { serverId: target.id, image: opts.image, ...ports, env }, serverParamNames),
        );
      });
    });
}
