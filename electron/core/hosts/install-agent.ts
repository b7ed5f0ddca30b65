import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError, type InstallAgentParams, type InstallAgentResult } from '../../shared/api';
import type { HostRecord } from '../catalog/hosts-repo';
import { shellQuote as q } from '../host-ops/posix-host-ops';
import { openNewSshLink } from './add-host';
import { sshSessionFor } from './connect-ssh';
import type { ConnectContext } from './host-connection';
import { agentSettingsSchema, defaultAgentSocket, sshSettingsSchema, type AgentSettings } from './host-settings';
import { dockerOverSsh } from './ssh/docker-over-ssh';
import type { SshSession } from './ssh/ssh-session';

export const agentInstallDefaults = {
  installDir: '/opt/zedops-agent',
  configDir: '/etc/zedops-agent',
  stateDir: '/var/lib/zedops-agent',
  agentSocket: defaultAgentSocket,
  dockerSocket: '/var/run/docker.sock',
};

/** The agent bundle this ZedOps ships, and the checksum written beside it when it was built. */
export interface AgentBundle {
  path: string;
  text: string;
  sha256: string;
  unit: string;
}

/**
 * Finds the bundle (ZEDOPS_AGENT_BUNDLE, the packaged app's resources, or the
 * build output beside this code) and checks it against its checksum file:
 * ZedOps never installs an agent it cannot vouch for.
 */
export function loadAgentBundle(env: NodeJS.ProcessEnv): AgentBundle {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = [
    env.ZEDOPS_AGENT_BUNDLE,
    resources && path.join(resources, 'agent', 'zedops-agent.cjs'),
    path.resolve(__dirname, '..', 'agent', 'zedops-agent.cjs'), // out/cli or out/main → out/agent
    path.resolve(__dirname, '..', '..', '..', 'out', 'agent', 'zedops-agent.cjs'), // from the sources
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) {
    throw new ApiError(
      'failed',
      `The agent bundle is not there (looked in ${candidates.join(', ')}). Build it with "npm run build". Nothing was installed.`,
    );
  }
  const bytes = fs.readFileSync(found);
  const sumFile = `${found}.sha256`;
  const expected = fs.existsSync(sumFile) ? /^([0-9a-f]{64})\b/.exec(fs.readFileSync(sumFile, 'utf8'))?.[1] : undefined;
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (!expected || expected !== actual) {
    throw new ApiError(
      'failed',
      `The agent bundle ${found} does not match its checksum file (${expected ? `expected ${expected}` : `${sumFile} is missing or unreadable`}, got ${actual}). ` +
        'It may be damaged or altered; reinstall or rebuild ZedOps. Nothing was installed.',
    );
  }
  // The build puts the unit beside the bundle.
  const unitFile = [path.join(path.dirname(found), 'zedops-agent.service')].find((p) => fs.existsSync(p));
  if (!unitFile)
    throw new ApiError('failed', `The agent's systemd unit is missing beside ${found}. Nothing was installed.`);
  return { path: found, text: bytes.toString('utf8'), sha256: actual, unit: fs.readFileSync(unitFile, 'utf8') };
}

interface Target {
  session: SshSession;
  where: string;
  ssh: Omit<AgentSettings['ssh'] & object, 'dockerSocket'>;
  secretRef: string | null;
  dockerSocket: string;
  /** The socket an agent host's agent listens on now. */
  agentSocket?: string;
}

/**
 * `hosts.installAgent`: over SSH, copies the checked bundle to the host (and
 * checks it there again), writes its config, and starts it with systemd; an
 * upgrade replaces the bundle and restarts it, keeping its state dir (the
 * journal). Once the agent answers on its socket, the host becomes an `agent`
 * host. Without systemd it says how to run the agent instead.
 */
export async function installAgent(
  host: HostRecord,
  p: InstallAgentParams,
  context: ConnectContext,
): Promise<{ result: InstallAgentResult; switchTo?: Pick<HostRecord, 'kind' | 'address' | 'settings' | 'secretRef'> }> {
  const bundle = loadAgentBundle(context.env);
  const target = await sshTarget(host, p, context);
  const dirs = {
    installDir: p.installDir ?? agentInstallDefaults.installDir,
    configDir: p.configDir ?? agentInstallDefaults.configDir,
    stateDir: p.stateDir ?? agentInstallDefaults.stateDir,
    // A reinstall keeps the socket the host's agent already listens on.
    agentSocket: p.agentSocket ?? target.agentSocket ?? agentInstallDefaults.agentSocket,
  };
  const { session, where } = target;
  const run = async (what: string, command: string, stdin?: string) => {
    const r = await session.exec(command, { timeoutMs: 120_000, ...(stdin !== undefined ? { stdin } : {}) });
    if (r.code !== 0) {
      throw new ApiError(
        'failed',
        `Could not ${what} on ${where}: ${(r.stderr || r.stdout).trim() || `exit code ${r.code}`}. The host's previous agent, if any, was left as it was.`,
      );
    }
    return r.stdout.trim();
  };
  try {
    await session.connect();
    const node = (
      await run('look for Node.js', 'command -v node >/dev/null 2>&1 && node --version || echo none')
    ).trim();
    const major = /^v(\d+)\./.exec(node)?.[1];
    if (!major || Number(major) < 20) {
      throw new ApiError(
        'failed',
        `The agent needs Node.js 20 or newer on ${where} (${node === 'none' ? 'node is not installed' : `found ${node}`}). Install it (e.g. from your distribution or nodejs.org), then try again. Nothing was installed.`,
      );
    }
    const bundlePath = `${dirs.installDir}/zedops-agent.cjs`;
    const installed = await run('read the installed agent', `sha256sum ${q(bundlePath)} 2>/dev/null || true`);
    const upgraded = installed !== '' && !installed.startsWith(bundle.sha256);
    const fresh = installed === '';
    if (fresh || upgraded) {
      const staging = `${bundlePath}.new`;
      await run('copy the agent', `mkdir -p ${q(dirs.installDir)} && cat > ${q(staging)}`, bundle.text);
      const copied = await run('check the copied agent', `sha256sum ${q(staging)}`);
      if (!copied.startsWith(bundle.sha256)) {
        await run('remove a damaged copy', `rm -f ${q(staging)}`);
        throw new ApiError(
          'failed',
          `The agent copied to ${where} does not match its checksum (${copied.slice(0, 64)} instead of ${bundle.sha256}); it was removed and nothing was installed.`,
        );
      }
      await run('put the agent in place', `chmod 0755 ${q(staging)} && mv -f ${q(staging)} ${q(bundlePath)}`);
    }
    const config = {
      socket: dirs.agentSocket,
      dockerHost: `unix://${target.dockerSocket}`,
      dataRoot: host.dataRoot,
      stateDir: dirs.stateDir,
    };
    const configPath = `${dirs.configDir}/config.json`;
    await run(
      'write the config',
      `mkdir -p ${q(dirs.configDir)} && cat > ${q(configPath)}`,
      `${JSON.stringify(config, null, 2)}\n`,
    );
    const runCommand = `node ${q(bundlePath)} --config ${q(configPath)}`;
    const systemd =
      (await run(
        'look for systemd',
        'test -d /run/systemd/system && command -v systemctl >/dev/null 2>&1 && echo yes || echo no',
      )) === 'yes';
    let started: InstallAgentResult['started'] = 'not-started';
    if (systemd) {
      const unit = bundle.unit
        .replaceAll('/opt/zedops-agent/', `${dirs.installDir}/`)
        .replaceAll('/etc/zedops-agent/', `${dirs.configDir}/`);
      await run('create the zedops group', 'getent group zedops >/dev/null || groupadd --system zedops');
      if (target.ssh.username !== 'root')
        await run('add the SSH user to the zedops group', `usermod -aG zedops ${q(target.ssh.username)}`);
      await run('write the systemd unit', 'cat > /etc/systemd/system/zedops-agent.service', unit);
      await run(
        'start the agent with systemd',
        'systemctl daemon-reload && systemctl enable zedops-agent >/dev/null 2>&1 && systemctl restart zedops-agent',
      );
      started = 'systemd';
    }
    const answering = await agentAnswers(session, dirs.agentSocket, systemd ? 15_000 : 0);
    if (!systemd && answering) started = 'already-running';
    const version = answering?.agentVersion ?? null;
    const result: InstallAgentResult = {
      hostId: host.id,
      where,
      bundleSha256: bundle.sha256,
      installedTo: bundlePath,
      upgraded,
      started,
      agentVersion: version,
      switched: answering !== undefined,
      runCommand: systemd ? null : runCommand,
      message: describe(started, answering !== undefined, upgraded, runCommand, where),
    };
    if (!answering) {
      if (systemd) {
        throw new ApiError(
          'failed',
          `The agent was installed and started with systemd on ${where}, but it does not answer on ${dirs.agentSocket}. See "journalctl -u zedops-agent" there. The host was left as it was.`,
        );
      }
      return { result };
    }
    const settings: AgentSettings = {
      agent: { transport: 'ssh' },
      ssh: { ...target.ssh, dockerSocket: dirs.agentSocket },
    };
    return {
      result,
      switchTo: { kind: 'agent', address: `ssh://${where}`, settings, secretRef: target.secretRef },
    };
  } finally {
    session.close();
  }
}

function describe(
  started: InstallAgentResult['started'],
  answering: boolean,
  upgraded: boolean,
  runCommand: string,
  where: string,
): string {
  const what = upgraded ? 'Upgraded' : 'Installed';
  if (started === 'systemd')
    return `${what} the agent on ${where} and started it with systemd; the host now goes through the agent.`;
  if (answering)
    return `${what} the agent on ${where}. It is already running there (no systemd); the host now goes through it. ${upgraded ? `Restart it to run the new version: ${runCommand}` : ''}`.trim();
  return (
    `${what} the agent on ${where}, but this host has no systemd, so ZedOps cannot start it. ` +
    `Run it there as root (under your own supervisor, or in a terminal): ${runCommand} — then install again (zedops host install-agent) and the host switches to the agent.`
  );
}

/** Asks the agent on its socket, through the SSH connection, for its info; waits up to `waitMs`. */
async function agentAnswers(
  session: SshSession,
  socket: string,
  waitMs: number,
): Promise<{ agentVersion: string } | undefined> {
  const docker = dockerOverSsh(session, socket);
  const deadline = Date.now() + waitMs;
  for (;;) {
    const info = await new Promise<{ agentVersion: string } | undefined>((resolve) => {
      docker.modem.dial(
        { path: '/zedops/v1/info', method: 'GET', options: {}, statusCodes: { 200: true } },
        (err: unknown, data: unknown) => resolve(err ? undefined : (data as { agentVersion: string })),
      );
    });
    if (info || Date.now() >= deadline) return info;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The host's own SSH settings when it has them; otherwise the --ssh target given. */
async function sshTarget(host: HostRecord, p: InstallAgentParams, context: ConnectContext): Promise<Target> {
  if (p.address) {
    const link = await openNewSshLink(p as Required<Pick<InstallAgentParams, 'address'>> & InstallAgentParams, context);
    return { ...link, dockerSocket: p.dockerSocket ?? agentInstallDefaults.dockerSocket };
  }
  const ssh =
    sshSettingsSchema.safeParse(host.settings).data?.ssh ?? agentSettingsSchema.safeParse(host.settings).data?.ssh;
  if (!ssh) {
    throw new ApiError(
      'invalid_request',
      `Host "${host.name}" is not reached over SSH; say how to log in to it with an SSH address (--ssh USER@HOST). Nothing was changed.`,
    );
  }
  // An agent host's socket is the agent's; a reinstall keeps talking to the Docker socket the agent was given.
  const dockerSocket = p.dockerSocket ?? (host.kind === 'ssh' ? ssh.dockerSocket : agentInstallDefaults.dockerSocket);
  const { dockerSocket: _ignored, ...rest } = ssh;
  return {
    ...(host.kind === 'agent' ? { agentSocket: ssh.dockerSocket } : {}),
    session: sshSessionFor(host, ssh, context),
    where: `${ssh.username}@${ssh.host}:${ssh.port}`,
    ssh: rest,
    secretRef: host.secretRef,
    dockerSocket,
  };
}
