import { ApiError } from '../../shared/api';
import type { Catalog } from '../catalog/catalog';
import type { ChangeFeed } from '../change-feed';
import type { Fleet } from '../fleet/fleet';
import { importServer, listImportable } from '../fleet/import-server';
import { checkPorts, planPorts } from '../fleet/plan-ports';
import { syncHost } from '../fleet/sync-host';
import { prepareHost, resolveTarget } from '../hosts/add-host';
import type { ConnectContext, HostConnections } from '../hosts/host-connection';
import { installAgent } from '../hosts/install-agent';
import { testHost } from '../hosts/host-test';
import { SshSession } from '../hosts/ssh/ssh-session';
import { autoLocalHostSetting } from '../hosts/ensure-local-host';
import { readSetting, writeSetting } from '../settings';
import type { ApiHandlers } from './dispatch';
import { toApiHost } from './to-api';

export interface FleetHandlerDeps {
  catalog: Catalog;
  fleet: Fleet;
  connections: HostConnections;
  feed: ChangeFeed;
  /** Where hosts.add finds keys and Docker's conventions (env, home folder) and how it seals secrets. */
  connectContext: ConnectContext;
}

/** Setup errors from the TLS, SSH and host-ops modules are the caller's to fix: invalid requests, in their words. */
async function setupErrorsAsApiErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof Error && ['TlsSetupError', 'SshSetupError', 'HostOpsError'].includes(err.name))
      throw new ApiError('invalid_request', err.message);
    throw err;
  }
}

type FleetMethods = Omit<ApiHandlers, 'app.info' | 'hosts.list'>;

/** The API over hosts, servers, ports, sync and settings. */
export function fleetHandlers({ catalog, fleet, connections, feed, connectContext }: FleetHandlerDeps): FleetMethods {
  const emitHost = (id: string) => {
    const h = catalog.hosts.get(id);
    if (h) feed.emit('host.changed', toApiHost(h));
  };

  return {
    'hosts.add': async (p) => {
      if (catalog.hosts.findByName(p.name))
        throw new ApiError('invalid_request', `There is already a host named "${p.name}". Pick another name.`);
      const prepared = await setupErrorsAsApiErrors(() => prepareHost(p, connectContext));
      const host = catalog.transaction(() => {
        if (catalog.hosts.findByName(p.name))
          throw new ApiError('invalid_request', `There is already a host named "${p.name}". Pick another name.`);
        const inserted = catalog.hosts.insert(prepared.row);
        catalog.hosts.recordProbe(
          inserted.id,
          prepared.probe.ok
            ? { status: 'online', dockerVersion: prepared.probe.dockerVersion }
            : { status: 'offline', error: prepared.probe.error },
        );
        return inserted;
      });
      emitHost(host.id);
      return toApiHost(catalog.hosts.get(host.id) ?? host);
    },
    'hosts.test': async (p) => {
      const host = fleet.requireHost(p.hostId);
      const before = catalog.hosts.get(host.id);
      const conn = connections.get(host);
      try {
        const result = await testHost(conn);
        catalog.hosts.recordProbe(host.id, { status: 'online', dockerVersion: result.dockerVersion });
        return result;
      } catch (err) {
        if (err instanceof ApiError) catalog.hosts.recordProbe(host.id, { status: 'offline', error: err.message });
        throw err;
      } finally {
        const after = catalog.hosts.get(host.id);
        if (after && (after.status !== before?.status || after.dockerVersion !== before?.dockerVersion))
          emitHost(host.id);
      }
    },
    'hosts.installAgent': async (p) => {
      const host = fleet.requireHost(p.hostId);
      const { result, switchTo } = await setupErrorsAsApiErrors(() => installAgent(host, p, connectContext));
      if (switchTo) {
        catalog.hosts.relink(host.id, switchTo);
        connections.forget(host.id);
        emitHost(host.id);
      }
      return result;
    },
    'hosts.sshHostKey': async (p) => {
      const target = await setupErrorsAsApiErrors(async () => resolveTarget(p.address, connectContext));
      try {
        const key = await SshSession.probeHostKey(target, { timeoutMs: 10_000 });
        return { host: target.host, port: target.port, fingerprint: key.fingerprint, keyType: key.keyType };
      } catch (err) {
        throw new ApiError('failed', err instanceof Error ? err.message : String(err));
      }
    },
    'hosts.remove': (p) => {
      const host = fleet.requireHost(p.hostId);
      const servers = catalog.servers.list({ hostId: host.id });
      if (servers.length > 0) {
        throw new ApiError(
          'not_allowed',
          `Host "${host.name}" still has ${servers.length} server(s) in the catalog (${servers.map((s) => s.name).join(', ')}). Purge them first; nothing was changed.`,
        );
      }
      catalog.transaction(() => {
        catalog.hosts.remove(host.id);
        // The user removed the last local host on purpose: do not add "This computer" back behind their back.
        if (host.kind === 'local' && catalog.hosts.findByKind('local').length === 0)
          catalog.settings.set(autoLocalHostSetting, 'off');
      });
      connections.forget(host.id);
      feed.emit('host.removed', { id: host.id, name: host.name });
      return { removed: host.id };
    },
    'servers.list': (p) => fleet.list(p),
    'servers.get': (p) => fleet.get(p.serverId),
    'servers.history': (p) => fleet.history(p.serverId, p.limit),
    'servers.create': (p) => fleet.create(p),
    'servers.action': (p) => fleet.act(p.serverId, p.action),
    'servers.retry': (p) => fleet.retry(p),
    'servers.purge': async (p) => ({ purged: [await fleet.purge(p.serverId, p)] }),
    'servers.cleanupFailed': async (p) => ({ purged: await fleet.cleanupFailed(p.hostId) }),
    'servers.purgeDeleted': async (p) => ({ purged: await fleet.purgeDeleted(p.hostId) }),
    'servers.importable': (p) => listImportable({ catalog, fleet, connections }, p.hostId),
    'servers.import': (p) => importServer({ catalog, fleet, connections }, p.hostId, p.name),
    'ports.suggest': (p) => planPorts(catalog, connections.get(fleet.requireHost(p.hostId)), {}),
    'ports.check': async (p) => ({
      conflicts: await checkPorts(catalog, connections.get(fleet.requireHost(p.hostId)), p, p.serverId),
    }),
    'fleet.sync': async (p) => {
      const hosts = p.hostId ? [fleet.requireHost(p.hostId)] : catalog.hosts.list();
      const results = [];
      for (const host of hosts) {
        const before = catalog.hosts.get(host.id);
        let outcome;
        try {
          outcome = await syncHost(catalog, connections.get(host));
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          results.push({
            hostId: host.id,
            host: host.name,
            reachable: false,
            changed: 0,
            purged: 0,
            error: err.message,
          });
          continue;
        }
        outcome.changed.forEach((id) => catalog.servers.get(id) && fleet.emit(id));
        const after = catalog.hosts.get(host.id);
        if (after && (after.status !== before?.status || after.dockerVersion !== before?.dockerVersion))
          emitHost(host.id);
        const purged = outcome.reachable ? await fleet.purgeExpired(Date.now(), host.id) : [];
        results.push({
          hostId: host.id,
          host: host.name,
          reachable: outcome.reachable,
          changed: outcome.changed.length,
          purged: purged.length,
          error: outcome.error,
        });
      }
      return { hosts: results };
    },
    'settings.get': (p) => readSetting(catalog, p.key),
    'settings.set': (p) => writeSetting(catalog, p.key, p.value),
  };
}
