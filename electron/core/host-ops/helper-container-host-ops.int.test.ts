import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { describe, expect, inject, it } from 'vitest';
import { useTempDirs } from '../testing/temp-dirs';
import { HelperContainerHostOps, helperLabel } from './helper-container-host-ops';
import { hostOpsContract, hostOpsRefusal } from './host-ops-contract';

const env = inject('testenv');
const docker = new Docker({ socketPath: env.dockerSocket });
const tempDir = useTempDirs('zedops-helper-ops');

// dockerd runs on this machine, so the host's paths are local ones the tests can look at.
describe('HelperContainerHostOps on the test dockerd', () => {
  hostOpsContract((root) => new HelperContainerHostOps({ docker, dataRoot: root, helperImage: env.helperImage }));
});

// Only the tests below run helpers from this image, so what they count is theirs
// even while other suites run helpers from env.helperImage on the same dockerd.
const ownImage = env.helperPullTestImage;

interface ContainerEvent {
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
}

/** The helper containers' lifecycle events between two times, from dockerd's own log of them. */
async function helperEvents(sinceMs: number): Promise<ContainerEvent[]> {
  const stream = await docker.getEvents({
    since: Math.floor(sinceMs / 1000),
    until: Math.ceil(Date.now() / 1000) + 1,
    filters: { type: ['container'], label: [`${helperLabel}=true`], image: [ownImage] },
  });
  let text = '';
  for await (const chunk of stream as AsyncIterable<Buffer>) text += chunk.toString('utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ContainerEvent);
}

async function helpersLeft(): Promise<string[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${helperLabel}=true`] } });
  // By the name the container was made from: `ancestor` matches the image id, which :latest shares.
  return list.filter((c) => c.Image === ownImage).map((c) => `${c.Names.join(',')} ${c.State}`);
}

async function ensureImage(image: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch {
    const stream = await docker.pull(image);
    await new Promise((resolve, reject) => docker.modem.followProgress(stream, (e) => (e ? reject(e) : resolve(null))));
  }
}

describe('helper containers', () => {
  it('runs one labelled container per operation and leaves none behind, after answers and refusals alike', async () => {
    await ensureImage(ownImage);
    const base = fs.realpathSync(tempDir());
    const root = path.join(base, 'servers');
    const ops = new HelperContainerHostOps({ docker, dataRoot: root, helperImage: ownImage });
    const since = Date.now() - 1000;

    await ops.createDataDirs('north');
    expect((await ops.dataDirStatus('north')).exists).toBe(true);
    fs.symlinkSync(base, path.join(root, 'south'));
    expect((await hostOpsRefusal(ops.removeDataDir('south'))).kind).toBe('unsafe');
    expect((await ops.listeningPorts()).tcp.size).toBeGreaterThan(0);

    expect(await helpersLeft()).toEqual([]);
    const events = await helperEvents(since);
    const created = events.filter((e) => e.Action === 'create');
    const destroyed = events.filter((e) => e.Action === 'destroy');
    expect(created).toHaveLength(4);
    expect(destroyed.map((e) => e.Actor.ID).sort()).toEqual(created.map((e) => e.Actor.ID).sort());
    for (const e of created) {
      expect(e.Actor.Attributes['zedops.managed']).toBeUndefined();
      expect(e.Actor.Attributes.name).toMatch(/^zedops-helper\.(create|status|remove|ports)\.[0-9a-f]{8}$/);
    }
  });

  it('stops and removes the helper when an operation takes too long, and says so', async () => {
    await ensureImage(ownImage);
    const root = path.join(fs.realpathSync(tempDir()), 'servers');
    const ops = new HelperContainerHostOps({ docker, dataRoot: root, helperImage: ownImage, timeoutMs: 1 });
    const since = Date.now() - 1000;

    const err = await hostOpsRefusal(ops.createDataDirs('north'));
    expect(err.kind).toBe('io');
    expect(err.message).toBe(
      `Could not create ${root}/north: the helper container did not finish within 1 ms, so ZedOps stopped and ` +
        'removed it. Check that the host is not overloaded and its disk answers, then try again.',
    );

    expect(await helpersLeft()).toEqual([]);
    const events = await helperEvents(since);
    expect(events.filter((e) => e.Action === 'create')).toHaveLength(1);
    expect(events.filter((e) => e.Action === 'destroy')).toHaveLength(1);
  });

  it('pulls the helper image when the host does not have it', async () => {
    await docker
      .getImage(ownImage)
      .remove()
      .catch(() => undefined);
    await expect(docker.getImage(ownImage).inspect()).rejects.toMatchObject({ statusCode: 404 });
    const root = path.join(fs.realpathSync(tempDir()), 'servers');
    const ops = new HelperContainerHostOps({ docker, dataRoot: root, helperImage: ownImage });

    const made = await ops.createDataDirs('north');

    expect(fs.statSync(made.data).isDirectory()).toBe(true);
    expect((await docker.getImage(ownImage).inspect()).RepoTags).toContain(ownImage);
    expect(await helpersLeft()).toEqual([]);
  });

  it('says clearly when the helper image cannot be pulled, and creates nothing', async () => {
    const image = `${env.registry}/zedops/no-such-helper:latest`;
    const base = fs.realpathSync(tempDir());
    const ops = new HelperContainerHostOps({ docker, dataRoot: path.join(base, 'servers'), helperImage: image });

    const err = await hostOpsRefusal(ops.createDataDirs('north'));

    expect(err.kind).toBe('io');
    expect(err.message).toMatch(
      new RegExp(
        `^Could not pull the helper image ${image.replace(/[.]/g, '\\.')} on the host \\(.+\\)\\. ZedOps runs host ` +
          'operations on a tls host in a short-lived container from this image: let the host reach its registry, ' +
          'load the image there \\(docker load\\), or set another helper image for the host\\.$',
      ),
    );
    expect(fs.readdirSync(base)).toEqual([]);
    const left = await docker.listContainers({
      all: true,
      filters: { label: [`${helperLabel}=true`], ancestor: [image] },
    });
    expect(left).toEqual([]);
  });

  it('refuses / as a data root, which has no parent folder to mount', () => {
    expect(() => new HelperContainerHostOps({ docker, dataRoot: '/', helperImage: env.helperImage })).toThrow(
      /The data root cannot be \/ itself/,
    );
  });

  it('counts a data folder linked to another disk, which Docker follows on the host, as there', async () => {
    const base = fs.realpathSync(tempDir());
    const disk = fs.realpathSync(tempDir());
    const root = path.join(base, 'servers');
    const ops = new HelperContainerHostOps({ docker, dataRoot: root, helperImage: env.helperImage });
    await ops.createDataDirs('north');
    fs.rmdirSync(path.join(root, 'north', 'data'));
    fs.symlinkSync(disk, path.join(root, 'north', 'data'));

    expect(await ops.dataDirStatus('north')).toMatchObject({ exists: true, binExists: true, dataExists: true });
  });

  it('refuses to guess about a data root that links out of what the helper can see', async () => {
    const base = fs.realpathSync(tempDir());
    const elsewhere = fs.realpathSync(tempDir());
    fs.mkdirSync(path.join(elsewhere, 'north'));
    const root = path.join(base, 'servers');
    fs.symlinkSync(elsewhere, root);
    const ops = new HelperContainerHostOps({ docker, dataRoot: root, helperImage: env.helperImage });

    for (const call of [
      () => ops.dataDirStatus('north'),
      () => ops.removeDataDir('north'),
      () => ops.createDataDirs('north'),
    ]) {
      const err = await hostOpsRefusal(call());
      expect(err.kind).toBe('unsafe');
      expect(err.message).toContain(`The data root ${root} is a symlink to ${elsewhere}.`);
    }
    expect(fs.readdirSync(elsewhere)).toEqual(['north']);
  });

  it("shows the host's paths in its messages, not the ones inside the container", async () => {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-helper-paths-')));
    try {
      const root = path.join(base, 'servers');
      fs.mkdirSync(path.join(root, 'north'), { recursive: true });
      fs.mkdirSync(path.join(base, 'elsewhere'));
      fs.rmdirSync(path.join(root, 'north'));
      fs.symlinkSync('../elsewhere', path.join(root, 'north'));
      const err = await hostOpsRefusal(
        new HelperContainerHostOps({ docker, dataRoot: root, helperImage: env.helperImage }).removeDataDir('north'),
      );
      expect(err.message).toContain(`${root}/north is a symlink to ${base}/elsewhere, not a folder of its own`);
      expect(err.message).not.toContain('/zedops-host');
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });
});
