import type { Command } from 'commander';
import type { AddHostParams, Host, HostTest } from '../../shared/api';
import { CliError, exitCodes } from '../cli-error';
import { withCore } from '../core-session';
import type { GlobalOptions } from '../global-options';
import { formatFields, formatTable, print, printJson } from '../output';
import { resolveHost } from '../resolve';
import { readSecret } from '../secrets';

const addHostNames = {
  name: 'NAME',
  address: '--docker / --ssh',
  dataRoot: '--data-root',
  registry: '--registry',
  caFile: '--tls-ca',
  certFile: '--tls-cert',
  keyFile: '--tls-key',
  context: '--context',
  helperImage: '--helper-image',
  identityFile: '--identity',
  dockerSocket: '--docker-socket',
  acceptHostKey: '--accept-host-key',
  agentSocket: '--agent-socket',
};

interface InstallAgentOptions {
  ssh?: string;
  identity?: string;
  passphraseFile?: string;
  acceptHostKey?: string;
  installDir?: string;
  configDir?: string;
  stateDir?: string;
  agentSocket?: string;
  dockerSocket?: string;
  json?: boolean;
}

interface AddHostOptions {
  docker?: string;
  ssh?: string;
  agent?: string;
  agentSocket?: string;
  context?: string;
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  helperImage?: string;
  identity?: string;
  passphraseFile?: string;
  dockerSocket?: string;
  acceptHostKey?: string;
  dataRoot?: string;
  registry?: string;
  json?: boolean;
}

export function registerHost(program: Command, globals: () => GlobalOptions): void {
  const host = program.command('host').description('Docker hosts in the catalog');

  host
    .command('add')
    .description(
      'add a Docker host: this computer (--docker unix://...), a remote Docker over mutual TLS ' +
        '(--docker tcp://HOST:2376 with --tls-ca/--tls-cert/--tls-key, DOCKER_CERT_PATH, or --context), ' +
        'a machine reached over SSH (--ssh USER@HOST[:PORT]), or a ZedOps agent (--agent ssh://... or tls://...)',
    )
    .argument('<name>', 'a name for the host, unique in the catalog')
    .option('--docker <address>', 'Docker address: unix:///var/run/docker.sock, or tcp://HOST:2376 (mutual TLS)')
    .option('--ssh <target>', 'USER@HOST[:PORT], ssh://USER@HOST[:PORT], or a Host alias from ~/.ssh/config')
    .option(
      '--agent <address>',
      'a ZedOps agent: ssh://USER@HOST[:PORT] (to its socket through SSH) or tls://HOST:PORT (with --tls-ca/--tls-cert/--tls-key)',
    )
    .option('--agent-socket <path>', "the agent's socket on the host (default /run/zedops/agent.sock)")
    .option('--context <name>', 'take a TLS address and certificates from this Docker context')
    .option('--tls-ca <file>', "the CA certificate that signed the Docker host's certificate (PEM)")
    .option('--tls-cert <file>', 'your client certificate (PEM)')
    .option('--tls-key <file>', "your client certificate's key (PEM); kept encrypted in the catalog")
    .option(
      '--helper-image <image>',
      'image of the helper container for file operations on TLS hosts (default busybox:1.36)',
    )
    .option(
      '--identity <file>',
      'SSH private key (default: the ssh-agent, then ~/.ssh/config and ~/.ssh/id_*); kept encrypted',
    )
    .option('--passphrase-file <file>', "a file holding the key's passphrase (or ZEDOPS_SSH_PASSPHRASE)")
    .option('--docker-socket <path>', 'the Docker socket on the SSH host (default /var/run/docker.sock)')
    .option('--accept-host-key <fingerprint>', 'the SSH host key fingerprint you checked, as SHA256:...')
    .option('--data-root <dir>', 'where server folders live on the host (default /var/lib/zedops/servers)')
    .option('--registry <registry>', 'image registry to pull from, as in registry.example:5000')
    .option('--json', 'print the host as one JSON document')
    .action(async (name: string, opts: AddHostOptions) => {
      const params = addHostParamsFrom(name, opts, process.env);
      await withCore(globals(), async (core) => {
        const added = await core.call('hosts.add', params, addHostNames);
        if (opts.json) printJson(added);
        else print(`Added host "${added.name}" (${added.address}): ${describeStatus(added)}.`);
      });
    });

  host
    .command('install-agent')
    .description(
      'install or upgrade the ZedOps agent on a host over SSH (checked against its checksum), start it with systemd, ' +
        'and switch the host to it; without systemd, say how to run it',
    )
    .argument('<name>', 'the host')
    .option('--ssh <target>', "USER@HOST[:PORT] to log in with (default: the host's own SSH settings)")
    .option('--identity <file>', 'SSH private key')
    .option('--passphrase-file <file>', "a file holding the key's passphrase (or ZEDOPS_SSH_PASSPHRASE)")
    .option('--accept-host-key <fingerprint>', 'the SSH host key fingerprint you checked, as SHA256:...')
    .option('--install-dir <dir>', 'where the agent goes (default /opt/zedops-agent)')
    .option('--config-dir <dir>', 'where its config goes (default /etc/zedops-agent)')
    .option('--state-dir <dir>', 'its journal (default /var/lib/zedops-agent; kept across upgrades)')
    .option('--agent-socket <path>', 'its socket (default /run/zedops/agent.sock)')
    .option('--docker-socket <path>', "the host's Docker socket for the agent (default /var/run/docker.sock)")
    .option('--json', 'print the outcome as one JSON document')
    .action(async (name: string, opts: InstallAgentOptions) => {
      const passphrase = readSecret({
        fileFlag: '--passphrase-file',
        file: opts.passphraseFile,
        envVar: 'ZEDOPS_SSH_PASSPHRASE',
        env: process.env,
      });
      await withCore(globals(), async (core) => {
        const found = await resolveHost(core, name);
        const result = await core.call(
          'hosts.installAgent',
          {
            hostId: found.id,
            address: opts.ssh,
            identityFile: opts.identity,
            passphrase,
            acceptHostKey: opts.acceptHostKey,
            installDir: opts.installDir,
            configDir: opts.configDir,
            stateDir: opts.stateDir,
            agentSocket: opts.agentSocket,
            dockerSocket: opts.dockerSocket,
          },
          {
            ...addHostNames,
            address: '--ssh',
            installDir: '--install-dir',
            configDir: '--config-dir',
            stateDir: '--state-dir',
          },
        );
        if (opts.json) printJson(result);
        else print(`${result.message}\n`);
      });
    });

  host
    .command('test')
    .description('connect to a host and report its Docker version, round-trip time and which operations work')
    .argument('<name>', 'the host')
    .option('--json', 'print one JSON document')
    .action(async (name: string, opts: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const found = await resolveHost(core, name);
        const result = await core.call('hosts.test', { hostId: found.id });
        if (opts.json) printJson(result);
        else print(formatHostTest(found, result));
      });
    });

  host
    .command('ls')
    .description('list hosts with their status and Docker version')
    .option('--json', 'print one JSON document')
    .action(async (opts: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const hosts = await core.call('hosts.list', {});
        if (opts.json) printJson(hosts);
        else print(formatHosts(hosts));
      });
    });

  host
    .command('show')
    .description("show one host's settings and state")
    .argument('<name>', 'the host')
    .option('--json', 'print one JSON document')
    .action(async (name: string, opts: { json?: boolean }) => {
      await withCore(globals(), async (core) => {
        const found = await resolveHost(core, name);
        if (opts.json) printJson(found);
        else print(formatHost(found));
      });
    });

  host
    .command('rm')
    .description('remove a host from the catalog (it must have no servers)')
    .argument('<name>', 'the host')
    .action(async (name: string) => {
      await withCore(globals(), async (core) => {
        const found = await resolveHost(core, name);
        await core.call('hosts.remove', { hostId: found.id });
        print(`Removed host "${found.name}".`);
      });
    });
}

/** The `hosts.add` request a command line asks for; the kind follows from --docker's scheme or --ssh. */
export function addHostParamsFrom(name: string, opts: AddHostOptions, env: NodeJS.ProcessEnv): AddHostParams {
  const common = { name, dataRoot: opts.dataRoot, registry: opts.registry };
  const passphrase = () =>
    readSecret({ fileFlag: '--passphrase-file', file: opts.passphraseFile, envVar: 'ZEDOPS_SSH_PASSPHRASE', env });
  if (opts.agent !== undefined) {
    if (
      opts.docker !== undefined ||
      opts.ssh !== undefined ||
      opts.context !== undefined ||
      opts.helperImage !== undefined
    )
      throw invalid('--agent cannot be combined with --docker, --ssh, --context or --helper-image.');
    return {
      ...common,
      kind: 'agent',
      address: opts.agent,
      agentSocket: opts.agentSocket,
      identityFile: opts.identity,
      passphrase: passphrase(),
      acceptHostKey: opts.acceptHostKey,
      caFile: opts.tlsCa,
      certFile: opts.tlsCert,
      keyFile: opts.tlsKey,
    };
  }
  if (opts.agentSocket !== undefined) throw invalid('--agent-socket goes with --agent ssh://USER@HOST.');
  const tlsFlags = [opts.tlsCa, opts.tlsCert, opts.tlsKey, opts.context, opts.helperImage].some((f) => f !== undefined);
  const sshFlags = [opts.identity, opts.passphraseFile, opts.dockerSocket, opts.acceptHostKey].some(
    (f) => f !== undefined,
  );
  if (opts.ssh !== undefined) {
    if (opts.docker !== undefined || tlsFlags)
      throw invalid('--ssh cannot be combined with --docker or the TLS options (--tls-*, --context, --helper-image).');
    return {
      ...common,
      kind: 'ssh',
      address: opts.ssh,
      identityFile: opts.identity,
      passphrase: passphrase(),
      dockerSocket: opts.dockerSocket,
      acceptHostKey: opts.acceptHostKey,
    };
  }
  if (sshFlags) throw invalid('--identity, --passphrase-file, --docker-socket and --accept-host-key go with --ssh.');
  const address = opts.docker?.trim();
  if (address === undefined && opts.context === undefined)
    throw invalid('Say where Docker is: --docker ADDRESS, --ssh USER@HOST, --agent ADDRESS, or --context NAME.');
  if (address !== undefined && (address.startsWith('unix://') || address.startsWith('npipe://'))) {
    if (tlsFlags) throw invalid(`--docker ${address} is a socket on this computer; the TLS options do not apply.`);
    return { ...common, kind: 'local', address };
  }
  const scheme = address === undefined ? 'tcp' : /^([a-z][a-z0-9+.-]*):\/\//i.exec(address)?.[1]?.toLowerCase();
  if (scheme === 'tcp' || scheme === 'https') {
    return {
      ...common,
      kind: 'tls',
      address,
      caFile: opts.tlsCa,
      certFile: opts.tlsCert,
      keyFile: opts.tlsKey,
      context: opts.context,
      helperImage: opts.helperImage,
    };
  }
  if (scheme === 'ssh') throw invalid(`--docker ${address}: for SSH, use --ssh USER@HOST[:PORT] instead.`);
  if (scheme === 'http')
    throw invalid(
      `--docker ${address}: plain HTTP gives anyone on the network root on that machine; ZedOps only talks to remote Docker over mutual TLS (tcp://HOST:2376).`,
    );
  throw invalid(
    `--docker ${address}: not a Docker address. Write unix:///var/run/docker.sock for this computer, or tcp://HOST:2376 for a remote Docker with TLS.`,
  );
}

function invalid(message: string): CliError {
  return new CliError(message, exitCodes.invalid);
}

export function formatHostTest(h: Host, t: HostTest): string {
  const lines = [
    `Host "${h.name}" (${h.address}): Docker ${t.dockerVersion} (API ${t.apiVersion}), round trip ${t.rttMs} ms.`,
    ...t.operations.map((o) => `  ${o.available ? 'ok ' : 'no '} ${o.name}: ${o.detail}`),
  ];
  return `${lines.join('\n')}\n`;
}

function describeStatus(h: Host): string {
  if (h.status === 'online') return `online, Docker ${h.dockerVersion ?? 'version unknown'}`;
  if (h.status === 'offline') return `offline${h.lastError ? ` (${h.lastError})` : ''}`;
  return 'status not known yet';
}

export function formatHosts(hosts: Host[]): string {
  if (hosts.length === 0) return 'No hosts yet. Start Docker on this computer, or add a host with "zedops host add".\n';
  const rows = hosts.map((h) => [h.name, h.kind, h.status, h.dockerVersion ?? '-', h.address]);
  return formatTable(['NAME', 'KIND', 'STATUS', 'DOCKER', 'ADDRESS'], rows);
}

export function formatHost(h: Host): string {
  return formatFields([
    ['Name', h.name],
    ['Kind', h.kind],
    ['Address', h.address],
    ['Status', describeStatus(h)],
    ['Last seen', h.lastSeen ?? 'never'],
    ['Data root', h.dataRoot],
    ['Registry', h.registry ?? 'image default'],
    ['Created', h.createdAt],
    ['Id', h.id],
  ]);
}
