import type Dockerode from 'dockerode';
import { labels, networks } from './container-spec';
import type { ObservedContainer } from './reconcile';

export interface PullProgress {
  message: string;
  fraction: number | null;
}

interface PullEvent {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}

/** Pulls an image, reporting a running fraction over all layers being downloaded. */
export async function pullImage(
  docker: Dockerode,
  image: string,
  onProgress: (p: PullProgress) => void,
): Promise<void> {
  const stream = await docker.pull(image);
  const layers = new Map<string, { current: number; total: number }>();
  let lastReport = 0;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: PullEvent[]) => {
        const failed = err ?? output.find((e) => e.error);
        if (failed)
          reject(new Error(failed instanceof Error ? failed.message : (failed.errorDetail?.message ?? failed.error)));
        else resolve();
      },
      (e: PullEvent) => {
        if (e.id && e.progressDetail?.total) {
          layers.set(e.id, { current: e.progressDetail.current ?? 0, total: e.progressDetail.total });
        } else if (
          e.id &&
          (e.status === 'Download complete' || e.status === 'Already exists' || e.status === 'Pull complete')
        ) {
          const l = layers.get(e.id);
          if (l) l.current = l.total;
        }
        const now = Date.now();
        if (now - lastReport < 250 && e.status !== 'Download complete') return;
        lastReport = now;
        let current = 0;
        let total = 0;
        for (const l of layers.values()) {
          current += l.current;
          total += l.total;
        }
        onProgress({
          message: e.id ? `${e.status ?? ''} ${e.id}`.trim() : (e.status ?? 'Pulling'),
          fraction: total ? Math.min(1, current / total) : null,
        });
      },
    );
  });
}

export async function imageExists(docker: Dockerode, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect();
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}

/** Step 6: the two networks every server joins. */
export async function ensureNetworks(docker: Dockerode): Promise<void> {
  const existing = new Set((await docker.listNetworks()).map((n) => n.Name));
  for (const name of [networks.servers, networks.backend]) {
    if (existing.has(name)) continue;
    try {
      await docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: { [labels.managed]: 'true' },
      });
    } catch (err) {
      // Another operation made it a moment ago: that is what we wanted.
      if ((err as { statusCode?: number }).statusCode !== 409) throw err;
    }
  }
}

/** Every ZedOps container on the host, found by label (never by a stored id). */
export async function managedContainers(docker: Dockerode, serverId?: string): Promise<ObservedContainer[]> {
  const label = serverId ? [`${labels.managed}=true`, `${labels.serverId}=${serverId}`] : [`${labels.managed}=true`];
  const list = await docker.listContainers({ all: true, filters: { label } });
  return list.map((c) => ({
    id: c.Id,
    serverId: c.Labels?.[labels.serverId],
    serverName: c.Labels?.[labels.serverName],
    state: c.State,
    created: c.Created,
    health: healthOf(c.Status),
  }));
}

/** Docker's list shows health inside its status text: "Up 5 minutes (healthy)", "(health: starting)". */
export function healthOf(status: string | undefined): ObservedContainer['health'] {
  const m = /\((healthy|unhealthy|health: starting)\)/.exec(status ?? '');
  if (!m) return null;
  return m[1] === 'health: starting' ? 'starting' : (m[1] as 'healthy' | 'unhealthy');
}

export async function removeContainer(docker: Dockerode, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: false });
  } catch (err) {
    const code = (err as { statusCode?: number }).statusCode;
    if (code !== 404 && code !== 409) throw err;
  }
}

/** Waits until the container is not running, or the time is up. True when it stopped. */
export async function waitStopped(docker: Dockerode, id: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const info = await docker.getContainer(id).inspect();
    if (!info.State.Running) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** Turns Docker's error texts into sentences with the next step. */
export function describeDockerFailure(err: unknown, what: string): string {
  const raw =
    (err as { json?: { message?: string } })?.json?.message ?? (err instanceof Error ? err.message : String(err));
  const message = raw.replace(/^\(HTTP code \d+\) [a-z ]+ - /i, '').trim();
  if (/port is already allocated|address already in use/i.test(message)) {
    return `${what} failed: a port it needs is already in use on the host (${message}). Edit & Retry with other ports, or let ZedOps suggest free ones.`;
  }
  if (/pull access denied|manifest unknown|not found|repository does not exist/i.test(message)) {
    return `${what} failed: the image could not be found (${message}). Check the image name and tag, then Edit & Retry.`;
  }
  if (/connection refused|no such host|i\/o timeout|TLS handshake/i.test(message)) {
    return `${what} failed: the registry could not be reached (${message}). Check the registry address and the host's network, then retry.`;
  }
  return `${what} failed: ${message}`;
}
