import { Command, CommanderError, Option } from 'commander';
import { CertsError, certsInit, defaultCertDays } from './certs';
import { ConfigError, defaults, flagFor, resolveConfig, settingKeys, type Flags } from './config';
import { StartupError } from './listeners';
import { runAgent } from './run';
import { agentVersion } from './version';

/** Exit codes: 0 stopped cleanly or done; 1 failed while starting or running; 2 bad flags or config (fix them first). */
export const exitCodes = { ok: 0, failed: 1, invalid: 2 } as const;

const settingHelp: Record<(typeof settingKeys)[number], { arg: string; text: string }> = {
  socket: { arg: 'path', text: `unix socket to listen on, mode 0660 (default: ${defaults.socket})` },
  dockerHost: { arg: 'unix:///path', text: `the Docker socket to proxy and watch (default: ${defaults.dockerHost})` },
  dataRoot: { arg: 'dir', text: `folder holding each server's bin/ and data/ (default: ${defaults.dataRoot})` },
  stateDir: { arg: 'dir', text: `folder for the agent's event journal (default: ${defaults.stateDir})` },
  listen: {
    arg: 'tls://addr:port',
    text: 'also listen on TCP with mutual TLS (needs --tls-ca, --tls-cert, --tls-key)',
  },
  tlsCa: { arg: 'file', text: 'CA certificate (PEM); clients must show a certificate it signed' },
  tlsCert: { arg: 'file', text: "the agent's TLS certificate (PEM)" },
  tlsKey: { arg: 'file', text: "the agent's TLS private key (PEM)" },
  logLevel: { arg: 'level', text: `debug, info, warn or error (default: ${defaults.logLevel})` },
  journalMaxBytes: {
    arg: 'size',
    text: 'most disk the journal uses, e.g. 16M; older events are dropped (default: 16M)',
  },
};

/** The `zedops-agent` command. Resolves with the exit code when the agent has stopped (or the command is done). */
export async function main(argv: string[]): Promise<number> {
  let result: Promise<number> = Promise.resolve(exitCodes.ok);
  const program = new Command('zedops-agent')
    .description(
      'The ZedOps agent: a least-privilege Docker proxy, host operations and an event journal for one game host.\n' +
        'Flags win over the config file, which wins over the defaults.',
    )
    .version(agentVersion, '-V, --version', 'print the agent version')
    .helpOption('-h, --help', 'show this help')
    .option('--config <file>', 'JSON config file; keys are the long flags in camelCase (e.g. "dataRoot")')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'zedops-agent: ')),
    })
    .allowExcessArguments(false);
  for (const key of settingKeys) {
    const help = settingHelp[key];
    program.addOption(new Option(`${flagFor(key)} <${help.arg}>`, help.text));
  }
  program.addHelpText(
    'after',
    '\nExamples:\n' +
      '  zedops-agent --socket /run/zedops/agent.sock --docker-host unix:///var/run/docker.sock \\\n' +
      '               --data-root /var/lib/zedops/servers --state-dir /var/lib/zedops-agent\n' +
      '  zedops-agent --config /etc/zedops-agent/config.json --listen tls://0.0.0.0:27701 \\\n' +
      '               --tls-ca /etc/zedops-agent/tls/ca.pem --tls-cert /etc/zedops-agent/tls/server-cert.pem \\\n' +
      '               --tls-key /etc/zedops-agent/tls/server-key.pem\n' +
      '  zedops-agent certs init --dir /etc/zedops-agent/tls --host game1.example.org --host 192.0.2.10\n' +
      '\nExit codes: 0 stopped cleanly, 1 failed, 2 bad flags or config.',
  );
  program.action(() => {
    const flags = program.opts<Flags>();
    result = run(flags);
  });

  const certs = program.command('certs').description('certificates for the mutual-TLS listener');
  certs
    .command('init')
    .description('make a CA, a server certificate for the agent and a client bundle for the desktop (DIR/client/)')
    .requiredOption(
      '--dir <dir>',
      'folder to write them to (ca.pem, ca-key.pem, server-cert.pem, server-key.pem, client/)',
    )
    .option(
      '--host <name-or-ip...>',
      "a name or IP address the desktop uses to reach this host; repeatable (default: this machine's host name and 127.0.0.1)",
    )
    .option('--days <n>', `how long the certificates are valid (default: ${defaultCertDays})`)
    .option('--force', 'replace certificates already in the folder (desktops using the old bundle are locked out)')
    .action((options: { dir: string; host?: string[]; days?: string; force?: boolean }) => {
      result = Promise.resolve(certsCommand(options));
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
        return exitCodes.ok;
      }
      return exitCodes.invalid;
    }
    throw err;
  }
  return result;
}

async function run(flags: Flags): Promise<number> {
  try {
    const config = resolveConfig(flags);
    return await runAgent(config);
  } catch (err) {
    if (err instanceof ConfigError) {
      printError(err.message);
      return exitCodes.invalid;
    }
    if (err instanceof StartupError) {
      printError(err.message);
      return exitCodes.failed;
    }
    printError(
      `The agent stopped on an unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    return exitCodes.failed;
  }
}

function certsCommand(options: { dir: string; host?: string[]; days?: string; force?: boolean }): number {
  let days: number | undefined;
  if (options.days !== undefined) {
    days = /^\d+$/.test(options.days) ? Number(options.days) : NaN;
  }
  try {
    const made = certsInit({
      dir: options.dir,
      hosts: options.host ?? [],
      ...(days !== undefined ? { days } : {}),
      force: options.force === true,
    });
    process.stdout.write(
      `Made a CA and certificates for ${made.hosts.join(', ')}.\n\n` +
        'For the agent (config file keys, or the flags --tls-ca, --tls-cert, --tls-key):\n' +
        `  "listen": "tls://0.0.0.0:27701",\n  "tlsCa": "${made.caCert}",\n` +
        `  "tlsCert": "${made.serverCert}",\n  "tlsKey": "${made.serverKey}"\n\n` +
        'For the desktop, copy these three files over a safe channel (the key is a password):\n' +
        `  ${made.client.ca}\n  ${made.client.cert}\n  ${made.client.key}\n\n` +
        `Keep ${made.caKey} private: whoever has it can make client certificates.\n`,
    );
    return exitCodes.ok;
  } catch (err) {
    if (err instanceof CertsError) {
      printError(err.message);
      return exitCodes.invalid;
    }
    printError(`Could not make the certificates: ${err instanceof Error ? err.message : String(err)}`);
    return exitCodes.failed;
  }
}

function printError(message: string): void {
  process.stderr.write(
    message
      .split('\n')
      .map((line) => `zedops-agent: ${line}\n`)
      .join(''),
  );
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // Everything is closed by now; should anything still hold the event loop, do not hang on it.
    setTimeout(() => process.exit(code), 2000).unref();
  });
}
