import type { Catalog } from '../catalog/catalog';
import type { HostRecord } from '../catalog/hosts-repo';
import { localDockerCandidates, parseLocalDockerAddress } from '../docker/docker-endpoint';
import { localDocker, probeDocker } from '../docker/probe-docker';

export const localHostName = 'This computer';
/** Set to "off" once the user removes the local host, so it is not added back behind their back. */
export const autoLocalHostSetting = 'auto-local-host';

export interface LocalHostOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  homedir?: string;
}

export interface LocalHostOutcome {
  /** Hosts whose status or version changed, for the change feed. */
  changed: HostRecord[];
  added?: HostRecord;
}

/**
 * Refreshes every `local` host's status and Docker version, and adds
 * "This computer" when there is none yet and a Docker socket answers.
 */
export async function ensureLocalHost(catalog: Catalog, options: LocalHostOptions = {}): Promise<LocalHostOutcome> {
  const changed: HostRecord[] = [];
  const existing = catalog.hosts.findByKind('local');
  for (const host of existing) {
    const socketPath = parseLocalDockerAddress(host.address);
    if (!socketPath) continue;
    const probe = await probeDocker(localDocker(socketPath), host.address);
    const updated = catalog.hosts.recordProbe(
      host.id,
      probe.ok ? { status: 'online', dockerVersion: probe.version } : { status: 'offline', error: probe.error },
    );
    if (updated) changed.push(updated);
  }
  if (existing.length > 0 || catalog.settings.get(autoLocalHostSetting) === 'off') return { changed };

  for (const candidate of localDockerCandidates(options.env, options.platform, options.homedir)) {
    const probe = await probeDocker(localDocker(candidate.socketPath), candidate.address);
    if (!probe.ok) continue;
    const added = catalog.transaction(() => {
      const name = catalog.hosts.findByName(localHostName) ? `${localHostName} (local)` : localHostName;
      const host = catalog.hosts.insert({ name, kind: 'local', address: candidate.address });
      return catalog.hosts.recordProbe(host.id, { status: 'online', dockerVersion: probe.version }) ?? host;
    });
    return { changed: [...changed, added], added };
  }
  return { changed };
}
