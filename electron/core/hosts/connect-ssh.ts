import type { HostRecord } from '../catalog/hosts-repo';
import { describeDockerError } from '../docker/probe-docker';
import { SshHostOps } from '../host-ops/ssh-host-ops';
import type { ConnectContext, HostConnection } from './host-connection';
import { sshSettingsOf, unsealHostSecret, type SshSettings } from './host-settings';
import { dockerOverSsh } from './ssh/docker-over-ssh';
import { SshSession } from './ssh/ssh-session';

/**
 * Docker through one SSH connection per host: each Docker request is a
 * channel forwarded to the host's Docker socket, host operations are
 * commands over the same connection, and RCON a TCP channel to the host's
 * 127.0.0.1.
 */
export function connectSsh(host: HostRecord, context: ConnectContext): HostConnection {
  const { ssh } = sshSettingsOf(host);
  const session = sshSessionFor(host, ssh, context);
  const docker = dockerOverSsh(session, ssh.dockerSocket);
  return {
    host,
    docker,
    ops: new SshHostOps({ shell: session, dataRoot: host.dataRoot }),
    rconAddress: (port) => ({ host: '127.0.0.1', port, openStream: () => session.forwardTcp('127.0.0.1', port) }),
    describeError: (err) => describeSshError(err, host.address),
    routes: {
      hostOps: 'commands over the SSH connection',
      rcon: "a channel of the SSH connection to the host's 127.0.0.1",
    },
    close: () => session.close(),
  };
}

/** The host's one SSH session, logging in as the catalog says, verifying the confirmed host key. */
export function sshSessionFor(host: HostRecord, ssh: SshSettings['ssh'], context: ConnectContext): SshSession {
  const secret = unsealHostSecret(context.cipher, host);
  return new SshSession({
    target: { host: ssh.host, port: ssh.port, username: ssh.username, identityFiles: [], alias: ssh.alias },
    auth:
      ssh.auth === 'key'
        ? { privateKey: secret.privateKey, passphrase: secret.passphrase }
        : { agentSocket: ssh.agentSocket ?? context.env.SSH_AUTH_SOCK },
    expectedHostKey: ssh.hostKey,
    log: context.log,
  });
}

/** The session's own errors are already sentences; Docker's answers get the usual words. */
export function describeSshError(err: unknown, address: string): string {
  if (err instanceof Error && /^Ssh/.test(err.name)) return err.message;
  return describeDockerError(err, address);
}
