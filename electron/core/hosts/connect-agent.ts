import type { HostRecord } from '../catalog/hosts-repo';
import { AgentHostOps } from '../host-ops/agent-host-ops';
import { JournalEventStream } from '../live/journal-event-stream';
import { describeSshError, sshSessionFor } from './connect-ssh';
import { tlsLinkFor } from './connect-tls';
import type { ConnectContext, HostConnection } from './host-connection';
import { agentSettingsOf, type SshSettings, type TlsSettings } from './host-settings';
import { dockerOverSsh } from './ssh/docker-over-ssh';
import { describeTlsError } from './tls/tls-errors';

/**
 * The ZedOps agent on a host: dockerode talks to its filtered Docker proxy
 * unchanged, host operations are its own endpoints, and events come from its
 * journal, so what happened while ZedOps was closed arrives with its real
 * time. Through SSH to its unix socket (RCON through the same connection), or
 * over mutual TLS (RCON then unreachable: stops go through Docker).
 */
export function connectAgent(host: HostRecord, context: ConnectContext): HostConnection {
  const settings = agentSettingsOf(host);
  const link =
    settings.agent.transport === 'ssh' ? overSsh(host, settings.ssh!, context) : overTls(host, settings.tls!, context);
  const docker = link.docker;
  return {
    host,
    ops: new AgentHostOps(docker, host.dataRoot),
    openEventStream: (handlers, position, log) => new JournalEventStream(docker, handlers, position, log),
    ...link,
  };
}

type Link = Omit<HostConnection, 'host' | 'ops' | 'openEventStream'>;

function overSsh(host: HostRecord, ssh: SshSettings['ssh'], context: ConnectContext): Link {
  const session = sshSessionFor(host, ssh, context);
  return {
    docker: dockerOverSsh(session, ssh.dockerSocket),
    rconAddress: (port) => ({ host: '127.0.0.1', port, openStream: () => session.forwardTcp('127.0.0.1', port) }),
    describeError: (err) => describeSshError(err, host.address),
    routes: { hostOps, rcon: "a channel of the SSH connection to the host's 127.0.0.1" },
    close: () => session.close(),
  };
}

function overTls(host: HostRecord, tls: TlsSettings['tls'], context: ConnectContext): Link {
  const address = host.address.replace(/^tls:/, 'tcp:');
  const link = tlsLinkFor(host, tls, context, address);
  return {
    docker: link.docker,
    rconAddress: () => undefined,
    describeError: (err) => describeTlsError(err, address),
    heartbeat: link.heartbeat,
    routes: {
      hostOps,
      rcon: "not reachable over the agent's TLS listener (RCON listens on the host's 127.0.0.1); servers stop through Docker, which sends SIGTERM and the game saves",
    },
    close: link.close,
  };
}

const hostOps = "the agent's own endpoints";
