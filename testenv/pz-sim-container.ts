import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';

/** Every container a test creates carries this label, so leftovers can be found and removed. */
export const TEST_LABEL = 'zedops.test';
export const TEST_SUITE_LABEL = 'zedops.test.suite';

/** Images cannot set a stop timeout; the game needs more than Docker's 10 s to save a big world. */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;

export interface PzSimOptions {
  image: string;
  /** Value of the `zedops.test.suite` label; `removeTestContainers` cleans up by it. */
  suite: string;
  /** Container environment, e.g. `{ RCON_PASSWORD: 'secret', PZSIM_SAVE_DELAY: '2' }`. */
  env?: Record<string, string>;
  stopTimeoutSeconds?: number;
}

export interface PzSim {
  container: Docker.Container;
  /** Host ports on 127.0.0.1 that Docker picked for the container's ports. */
  rconPort: number;
  gamePort: number;
  directPort: number;
  /** Host directories mounted as /home/steam/Zomboid and /home/steam/ZomboidDedicatedServer. */
  zomboidDir: string;
  installDir: string;
  /** The file pz-sim writes on every save, with its counter and time. */
  saveFile(serverName?: string): string;
  /** Force-removes the container and deletes its host directories. */
  remove(): Promise<void>;
}

export interface SaveRecord {
  serverName: string;
  saveCount: number;
  savedAt: string;
  reason: string;
}

const CONTAINER_PORTS = { rcon: '27015/tcp', game: '16261/udp', direct: '16262/udp' } as const;

/** Creates and starts a pz-sim container with its ports published on 127.0.0.1 (host ports picked by Docker). */
export async function startPzSim(docker: Docker, options: PzSimOptions): Promise<PzSim> {
  const zomboidDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-pzsim-data-'));
  const installDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-pzsim-install-'));
  const removeDirs = (): void => {
    for (const dir of [zomboidDir, installDir]) fs.rmSync(dir, { recursive: true, force: true });
  };
  const anyPortOnLoopback = [{ HostIp: '127.0.0.1', HostPort: '' }];
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer({
      Image: options.image,
      Env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
      Labels: { [TEST_LABEL]: 'true', [TEST_SUITE_LABEL]: options.suite },
      StopTimeout: options.stopTimeoutSeconds ?? DEFAULT_STOP_TIMEOUT_SECONDS,
      ExposedPorts: Object.fromEntries(Object.values(CONTAINER_PORTS).map((port) => [port, {}])),
      HostConfig: {
        Binds: [`${zomboidDir}:/home/steam/Zomboid`, `${installDir}:/home/steam/ZomboidDedicatedServer`],
        PortBindings: Object.fromEntries(Object.values(CONTAINER_PORTS).map((port) => [port, anyPortOnLoopback])),
      },
    });
    await container.start();
    const ports = (await container.inspect()).NetworkSettings.Ports;
    const hostPort = (containerPort: string): number => {
      const binding = ports[containerPort]?.[0];
      if (!binding) throw new Error(`Docker published no host port for ${containerPort}`);
      return Number(binding.HostPort);
    };
    const created = container;
    return {
      container: created,
      rconPort: hostPort(CONTAINER_PORTS.rcon),
      gamePort: hostPort(CONTAINER_PORTS.game),
      directPort: hostPort(CONTAINER_PORTS.direct),
      zomboidDir,
      installDir,
      saveFile: (serverName = 'servertest') =>
        path.join(zomboidDir, 'Saves', 'Multiplayer', serverName, 'pz-sim-save.json'),
      remove: async () => {
        await created.remove({ force: true, v: true }).catch(() => undefined);
        removeDirs();
      },
    };
  } catch (error) {
    await container?.remove({ force: true }).catch(() => undefined);
    removeDirs();
    throw error;
  }
}

export function readSave(file: string): SaveRecord | undefined {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SaveRecord;
}

/** Follows the container's output until `text` appears; rejects with the output so far on timeout. */
export async function waitForLog(container: Docker.Container, text: string, timeoutMs = 10_000): Promise<string> {
  const stream = await container.logs({ follow: true, stdout: true, stderr: true });
  const output = new PassThrough();
  container.modem.demuxStream(stream, output, output);
  let seen = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`"${text}" did not appear in the container's output within ${timeoutMs} ms:\n${seen}`)),
        timeoutMs,
      );
      output.on('data', (chunk: Buffer) => {
        seen += chunk.toString('utf8');
        if (seen.includes(text)) {
          clearTimeout(timer);
          resolve(seen);
        }
      });
      stream.on('end', () => {
        clearTimeout(timer);
        if (seen.includes(text)) resolve(seen);
        else reject(new Error(`The container stopped before "${text}" appeared in its output:\n${seen}`));
      });
    });
  } finally {
    destroyStream(stream);
  }
}

/** Waits for the container to stop and returns its exit code. */
export async function waitForExit(container: Docker.Container, timeoutMs = 15_000): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The container did not exit within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const result = (await Promise.race([container.wait(), timeout])) as { StatusCode: number };
    return result.StatusCode;
  } finally {
    clearTimeout(timer);
  }
}

/** Polls Docker's health status until it reads `healthy`. */
export async function waitForHealthy(container: Docker.Container, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let status = 'unknown';
  while (Date.now() < deadline) {
    const state = (await container.inspect()).State;
    status = state.Health?.Status ?? 'none';
    if (status === 'healthy') return;
    if (!state.Running) throw new Error(`The container stopped while waiting for it to become healthy`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The container was still "${status}" after ${timeoutMs} ms`);
}

/** Removes the containers a suite left behind, e.g. when an earlier run was killed. */
export async function removeTestContainers(docker: Docker, suite: string): Promise<void> {
  const leftovers = await docker.listContainers({
    all: true,
    filters: { label: [`${TEST_LABEL}=true`, `${TEST_SUITE_LABEL}=${suite}`] },
  });
  await Promise.all(leftovers.map((info) => docker.getContainer(info.Id).remove({ force: true, v: true })));
}

function destroyStream(stream: NodeJS.ReadableStream): void {
  if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
}
