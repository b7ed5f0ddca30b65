import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../testing/temp-dirs';
import { hostOpsRefusal } from './host-ops-contract';
import { LocalHostOps } from './local-host-ops';

const tempDir = useTempDirs('zedops-host-ops');

/** A temp dir holding the data root and, beside it, a folder standing for "somewhere else" with a file to protect. */
function layout(): { base: string; root: string; outside: string; precious: string } {
  const base = tempDir();
  const root = path.join(base, 'servers');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(outside);
  const precious = path.join(outside, 'precious.txt');
  fs.writeFileSync(precious, 'keep me');
  return { base, root, outside, precious };
}

describe('LocalHostOps data dirs', () => {
  it('creates the data root when missing, then bin and data for the server', async () => {
    const { root } = layout();
    const ops = new LocalHostOps(path.join(root, 'nested'));
    const made = await ops.createDataDirs('north');
    expect(made).toEqual({
      bin: path.join(root, 'nested', 'north', 'bin'),
      data: path.join(root, 'nested', 'north', 'data'),
    });
    expect(fs.statSync(made.bin).isDirectory()).toBe(true);
    expect(fs.statSync(made.data).isDirectory()).toBe(true);
  });

  it('creates them again without touching what is already there', async () => {
    const { root } = layout();
    const ops = new LocalHostOps(root);
    const { data } = await ops.createDataDirs('north');
    fs.writeFileSync(path.join(data, 'world.bin'), 'zombies');
    await ops.createDataDirs('north');
    expect(fs.readFileSync(path.join(data, 'world.bin'), 'utf8')).toBe('zombies');
  });

  it('reports which folders exist', async () => {
    const { root } = layout();
    const ops = new LocalHostOps(root);
    const dir = path.join(root, 'north');
    expect(await ops.dataDirStatus('north')).toEqual({ dir, exists: false, binExists: false, dataExists: false });
    await ops.createDataDirs('north');
    expect(await ops.dataDirStatus('north')).toEqual({ dir, exists: true, binExists: true, dataExists: true });
    fs.rmSync(path.join(dir, 'data'), { recursive: true });
    expect(await ops.dataDirStatus('north')).toEqual({ dir, exists: true, binExists: true, dataExists: false });
  });

  it("removes the server's folder and leaves its neighbours alone", async () => {
    const { root } = layout();
    const ops = new LocalHostOps(root);
    const north = await ops.createDataDirs('north');
    fs.writeFileSync(path.join(north.data, 'world.bin'), 'zombies');
    const south = await ops.createDataDirs('south');
    expect(await ops.removeDataDir('north')).toEqual({ removed: true });
    expect(fs.existsSync(path.join(root, 'north'))).toBe(false);
    expect(fs.existsSync(south.data)).toBe(true);
  });

  it('says nothing was removed when the folder, or the whole data root, is missing', async () => {
    const { root } = layout();
    expect(await new LocalHostOps(root).removeDataDir('north')).toEqual({ removed: false });
    fs.mkdirSync(root);
    expect(await new LocalHostOps(root).removeDataDir('north')).toEqual({ removed: false });
  });

  it('removes symlinks inside the server folder without following them', async () => {
    const { root, outside, precious } = layout();
    const ops = new LocalHostOps(root);
    const { data } = await ops.createDataDirs('north');
    fs.symlinkSync(outside, path.join(data, 'link-to-folder'));
    fs.symlinkSync(precious, path.join(data, 'link-to-file'));
    fs.mkdirSync(path.join(data, 'deep'));
    fs.symlinkSync(outside, path.join(data, 'deep', 'link-again'));
    expect(await ops.removeDataDir('north')).toEqual({ removed: true });
    expect(fs.existsSync(path.join(root, 'north'))).toBe(false);
    expect(fs.readFileSync(precious, 'utf8')).toBe('keep me');
    expect(fs.readdirSync(outside)).toEqual(['precious.txt']);
  });

  it('accepts a data root whose parent folders are symlinks, as /var is on macOS', async () => {
    const { base } = layout();
    fs.mkdirSync(path.join(base, 'real'));
    fs.symlinkSync(path.join(base, 'real'), path.join(base, 'alias'));
    const ops = new LocalHostOps(path.join(base, 'alias', 'servers'));
    await ops.createDataDirs('north');
    expect(fs.existsSync(path.join(base, 'real', 'servers', 'north', 'data'))).toBe(true);
    expect(await ops.removeDataDir('north')).toEqual({ removed: true });
    expect(fs.existsSync(path.join(base, 'real', 'servers', 'north'))).toBe(false);
  });
});

describe('LocalHostOps refusals', () => {
  it('refuses to delete a server folder that is a symlink to somewhere else, and touches nothing', async () => {
    const { root, outside, precious } = layout();
    fs.mkdirSync(root);
    fs.symlinkSync(outside, path.join(root, 'north'));
    const err = await hostOpsRefusal(new LocalHostOps(root).removeDataDir('north'));
    expect(err.kind).toBe('unsafe');
    expect(err.message).toMatch(/is a symlink to .*outside, not a folder of its own\. ZedOps only writes and deletes/);
    expect(fs.readFileSync(precious, 'utf8')).toBe('keep me');
    expect(fs.lstatSync(path.join(root, 'north')).isSymbolicLink()).toBe(true);
  });

  it('refuses to create folders through a symlinked server folder', async () => {
    const { root, outside } = layout();
    fs.mkdirSync(root);
    fs.symlinkSync(outside, path.join(root, 'north'));
    expect((await hostOpsRefusal(new LocalHostOps(root).createDataDirs('north'))).kind).toBe('unsafe');
    expect(fs.readdirSync(outside)).toEqual(['precious.txt']);
  });

  it('refuses a data root that is itself a symlink to another tree, for deletes and creates alike', async () => {
    const { base, outside, precious } = layout();
    const hop = path.join(base, 'hop');
    fs.symlinkSync(outside, hop);
    const root = path.join(base, 'servers-link');
    fs.symlinkSync(hop, root);
    fs.mkdirSync(path.join(outside, 'north'));
    fs.writeFileSync(path.join(outside, 'north', 'other.txt'), 'not ours');
    const ops = new LocalHostOps(root);

    const removeErr = await hostOpsRefusal(ops.removeDataDir('north'));
    expect(removeErr.kind).toBe('unsafe');
    expect(removeErr.message).toContain(`The data root ${root} is a symlink to ${fs.realpathSync(outside)}`);
    expect(removeErr.message).toContain(`Set the host's data root to ${fs.realpathSync(outside)}`);
    expect(fs.readFileSync(path.join(outside, 'north', 'other.txt'), 'utf8')).toBe('not ours');

    expect((await hostOpsRefusal(ops.createDataDirs('south'))).kind).toBe('unsafe');
    expect(fs.readdirSync(outside).sort()).toEqual(['north', 'precious.txt']);
    expect(fs.readFileSync(precious, 'utf8')).toBe('keep me');
  });

  it('leaves a file sitting where the server folder should be', async () => {
    const { root } = layout();
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'north'), 'a file');
    const err = await hostOpsRefusal(new LocalHostOps(root).removeDataDir('north'));
    expect(err.message).toMatch(/is a file, not a server folder/);
    expect(fs.readFileSync(path.join(root, 'north'), 'utf8')).toBe('a file');
  });

  it.each(['..', '../outside', 'a/b', '/etc', 'outside/..'])(
    'refuses the name %j in every operation and touches nothing',
    async (name) => {
      const { root, base } = layout();
      const ops = new LocalHostOps(root);
      for (const call of [ops.dataDirStatus(name), ops.createDataDirs(name), ops.removeDataDir(name)]) {
        expect((await hostOpsRefusal(call)).kind).toBe('invalid');
      }
      expect(fs.readdirSync(base)).toEqual(['outside']);
    },
  );

  it('refuses a relative data root before doing anything', () => {
    expect(() => new LocalHostOps('servers')).toThrow(/"servers" is not an absolute path/);
  });
});

describe('LocalHostOps listening ports', () => {
  it('says clearly that other platforms are not supported yet', async () => {
    const err = await hostOpsRefusal(new LocalHostOps(tempDir(), { platform: 'darwin' }).listeningPorts());
    expect(err.kind).toBe('unsupported');
    expect(err.message).toMatch(/not supported on darwin yet/);
  });
});
