import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HostOpsError, type HostOps } from './host-ops';

/**
 * Test support: what every `HostOps` must do, as one table of tests run
 * against each implementation (local, SSH, helper container). The "host" is
 * this machine in every case, so the tests lay out real folders in a temp
 * dir with node:fs and check the outcome with node:fs.
 */
/** The HostOpsError a call ends with; fails the test if it succeeds or fails otherwise. */
export async function hostOpsRefusal(promise: Promise<unknown>): Promise<HostOpsError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HostOpsError);
  return err as HostOpsError;
}

export function hostOpsContract(make: (dataRoot: string) => HostOps): void {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /** A temp dir holding the data root and, beside it, "somewhere else" with a file to protect. */
  function layout(): { base: string; root: string; outside: string; precious: string } {
    const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-host-ops-')));
    dirs.push(base);
    const outside = path.join(base, 'outside');
    fs.mkdirSync(outside);
    const precious = path.join(outside, 'precious.txt');
    fs.writeFileSync(precious, 'keep me');
    return { base, root: path.join(base, 'servers'), outside, precious };
  }

  /** Every path under `dir`, with file contents and link targets, to show nothing changed. */
  function snapshot(dir: string): Record<string, string> {
    const seen: Record<string, string> = {};
    const walk = (at: string) => {
      for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
        const full = path.join(at, entry.name);
        const rel = path.relative(dir, full);
        if (entry.isSymbolicLink()) seen[rel] = `-> ${fs.readlinkSync(full)}`;
        else if (entry.isDirectory()) {
          seen[rel] = 'dir';
          walk(full);
        } else seen[rel] = `file ${fs.readFileSync(full, 'utf8')}`;
      }
    };
    walk(dir);
    return seen;
  }

  describe('data dirs', () => {
    it('creates the data root and its missing parents, then bin and data for the server', async () => {
      const { root } = layout();
      const nested = path.join(root, 'deeper', 'still');
      const made = await make(nested).createDataDirs('north');
      expect(made).toEqual({ bin: path.join(nested, 'north', 'bin'), data: path.join(nested, 'north', 'data') });
      expect(fs.statSync(made.bin).isDirectory()).toBe(true);
      expect(fs.statSync(made.data).isDirectory()).toBe(true);
    });

    it('takes a data root with spaces, quotes and shell characters literally', async () => {
      const { base } = layout();
      const root = path.join(base, `my servers`, `it's "$HOME" \`id\`; rm -rf x & *`);
      const ops = make(root);
      const made = await ops.createDataDirs('north');
      expect(fs.statSync(path.join(root, 'north', 'data')).isDirectory()).toBe(true);
      expect(made.data).toBe(path.join(root, 'north', 'data'));
      expect(await ops.dataDirStatus('north')).toMatchObject({ exists: true, binExists: true, dataExists: true });
      expect(await ops.removeDataDir('north')).toEqual({ removed: true });
      expect(fs.readdirSync(root)).toEqual([]);
      expect(fs.readdirSync(base).sort()).toEqual(['my servers', 'outside']);
    });

    it('creates them again without touching what is already there', async () => {
      const { root } = layout();
      const ops = make(root);
      const { data } = await ops.createDataDirs('north');
      fs.writeFileSync(path.join(data, 'world.bin'), 'zombies');
      await ops.createDataDirs('north');
      expect(fs.readFileSync(path.join(data, 'world.bin'), 'utf8')).toBe('zombies');
    });

    it('reports which folders exist', async () => {
      const { root } = layout();
      const ops = make(root);
      const dir = path.join(root, 'north');
      expect(await ops.dataDirStatus('north')).toEqual({ dir, exists: false, binExists: false, dataExists: false });
      await ops.createDataDirs('north');
      expect(await ops.dataDirStatus('north')).toEqual({ dir, exists: true, binExists: true, dataExists: true });
      fs.rmSync(path.join(dir, 'data'), { recursive: true });
      expect(await ops.dataDirStatus('north')).toEqual({ dir, exists: true, binExists: true, dataExists: false });
    });

    it('answers "not there" when the data root, or even its parent, is missing, and creates nothing', async () => {
      const { base } = layout();
      const before = snapshot(base);
      for (const root of [path.join(base, 'servers'), path.join(base, 'missing', 'servers')]) {
        const ops = make(root);
        expect(await ops.dataDirStatus('north')).toMatchObject({ exists: false, binExists: false, dataExists: false });
        expect(await ops.removeDataDir('north')).toEqual({ removed: false });
      }
      expect(snapshot(base)).toEqual(before);
    });

    it("removes the server's folder and nothing else", async () => {
      const { base, root } = layout();
      const ops = make(root);
      const { data } = await ops.createDataDirs('north');
      fs.writeFileSync(path.join(data, 'world.bin'), 'zombies');
      fs.mkdirSync(path.join(data, 'Saves', 'Multiplayer'), { recursive: true });
      await ops.createDataDirs('south');
      fs.writeFileSync(path.join(root, 'notes.txt'), 'root file');
      fs.writeFileSync(path.join(base, 'beside.txt'), 'outside file');
      const north = path.join('servers', 'north');
      const others = Object.fromEntries(
        Object.entries(snapshot(base)).filter(([key]) => key !== north && !key.startsWith(`${north}/`)),
      );
      expect(Object.keys(others)).toContain(path.join('servers', 'south', 'data'));

      expect(await ops.removeDataDir('north')).toEqual({ removed: true });

      expect(fs.existsSync(path.join(root, 'north'))).toBe(false);
      expect(snapshot(base)).toEqual(others);
      expect(await ops.removeDataDir('north')).toEqual({ removed: false });
    });

    it('removes symlinks inside the server folder without following them', async () => {
      const { base, root, outside, precious } = layout();
      const ops = make(root);
      const { data } = await ops.createDataDirs('north');
      fs.symlinkSync(outside, path.join(data, 'link-to-folder'));
      fs.symlinkSync(precious, path.join(data, 'link-to-file'));
      fs.symlinkSync('../../../outside', path.join(data, 'relative-link'));
      fs.mkdirSync(path.join(data, 'deep'));
      fs.symlinkSync(outside, path.join(data, 'deep', 'link-again'));
      const outsideBefore = snapshot(outside);

      expect(await ops.removeDataDir('north')).toEqual({ removed: true });

      expect(fs.existsSync(path.join(root, 'north'))).toBe(false);
      expect(fs.readFileSync(precious, 'utf8')).toBe('keep me');
      expect(snapshot(outside)).toEqual(outsideBefore);
      expect(fs.readdirSync(base).sort()).toEqual(['outside', 'servers']);
    });

    it('accepts a data root whose parent folders are symlinks, as /var is on macOS', async () => {
      const { base } = layout();
      fs.mkdirSync(path.join(base, 'real'));
      fs.symlinkSync(path.join(base, 'real'), path.join(base, 'alias'));
      const ops = make(path.join(base, 'alias', 'servers'));
      await ops.createDataDirs('north');
      expect(fs.existsSync(path.join(base, 'real', 'servers', 'north', 'data'))).toBe(true);
      expect(await ops.removeDataDir('north')).toEqual({ removed: true });
      expect(fs.existsSync(path.join(base, 'real', 'servers', 'north'))).toBe(false);
      expect(fs.existsSync(path.join(base, 'real', 'servers'))).toBe(true);
    });
  });

  describe('refusals', () => {
    it('refuses a server folder that is a symlink to somewhere else, for deletes and creates, and touches nothing', async () => {
      const { base, root, outside } = layout();
      fs.mkdirSync(root);
      fs.symlinkSync(outside, path.join(root, 'north'));
      const before = snapshot(base);
      const ops = make(root);

      const removeErr = await hostOpsRefusal(ops.removeDataDir('north'));
      expect(removeErr.kind).toBe('unsafe');
      expect(removeErr.message).toContain(
        `${path.join(root, 'north')} is a symlink to ${outside}, not a folder of its own. ZedOps only writes and deletes`,
      );
      const createErr = await hostOpsRefusal(ops.createDataDirs('north'));
      expect(createErr.kind).toBe('unsafe');
      expect(createErr.message).toContain(`${path.join(root, 'north')} is a symlink to ${outside}`);

      expect(snapshot(base)).toEqual(before);
    });

    it('refuses a data root that is itself a symlink to another tree, for deletes and creates alike', async () => {
      const { base, outside } = layout();
      const hop = path.join(base, 'hop');
      fs.symlinkSync(outside, hop);
      const root = path.join(base, 'servers-link');
      fs.symlinkSync(hop, root);
      fs.mkdirSync(path.join(outside, 'north'));
      fs.writeFileSync(path.join(outside, 'north', 'other.txt'), 'not ours');
      const before = snapshot(base);
      const ops = make(root);

      const removeErr = await hostOpsRefusal(ops.removeDataDir('north'));
      expect(removeErr.kind).toBe('unsafe');
      expect(removeErr.message).toContain(`The data root ${root} is a symlink to ${outside}`);
      expect(removeErr.message).toContain(`Set the host's data root to ${outside}`);
      const createErr = await hostOpsRefusal(ops.createDataDirs('south'));
      expect(createErr.kind).toBe('unsafe');
      expect(createErr.message).toContain(`The data root ${root} is a symlink to ${outside}`);

      expect(snapshot(base)).toEqual(before);
    });

    it('leaves a data root that is a file alone, saying so when asked to create in it', async () => {
      const { base, root } = layout();
      fs.writeFileSync(root, 'a file');
      const before = snapshot(base);
      const ops = make(root);

      const err = await hostOpsRefusal(ops.createDataDirs('north'));
      expect(err.kind).toBe('io');
      expect(err.message).toContain(`Could not create the data root ${root}: a file is in the way.`);
      expect(await ops.removeDataDir('north')).toEqual({ removed: false });
      expect(await ops.dataDirStatus('north')).toMatchObject({ exists: false });

      expect(snapshot(base)).toEqual(before);
    });

    it('refuses a server folder that is a file, and leaves the file', async () => {
      const { base, root } = layout();
      fs.mkdirSync(root);
      fs.writeFileSync(path.join(root, 'north'), 'a file');
      const before = snapshot(base);
      const ops = make(root);

      for (const call of [() => ops.removeDataDir('north'), () => ops.createDataDirs('north')]) {
        const err = await hostOpsRefusal(call());
        expect(err.kind).toBe('unsafe');
        expect(err.message).toContain(`${path.join(root, 'north')} is a file, not a server folder`);
      }

      expect(snapshot(base)).toEqual(before);
    });

    it.each(['..', '../outside', 'a/b', '/etc', 'outside/..', '-north', 'North', ''])(
      'refuses the name %j in every operation and touches nothing',
      async (name) => {
        const { base, root } = layout();
        const ops = make(root);
        for (const call of [
          () => ops.dataDirStatus(name),
          () => ops.createDataDirs(name),
          () => ops.removeDataDir(name),
        ]) {
          const err = await hostOpsRefusal(call());
          expect(err.kind).toBe('invalid');
          expect(err.message).toContain(`"${name}" cannot be a server folder.`);
        }
        expect(fs.readdirSync(base)).toEqual(['outside']);
      },
    );

    it('refuses a relative data root before doing anything', () => {
      expect(() => make('servers')).toThrow(/"servers" is not an absolute path/);
    });
  });

  describe('listening ports', () => {
    it('includes a TCP and a UDP port bound on 127.0.0.1, and no longer once they are closed', async () => {
      const server = net.createServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const tcpPort = (server.address() as net.AddressInfo).port;
      const socket = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
      const udpPort = socket.address().port;
      const ops = make(layout().root);
      try {
        const open = await ops.listeningPorts();
        expect(open.tcp.has(tcpPort)).toBe(true);
        expect(open.udp.has(udpPort)).toBe(true);
      } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await new Promise<void>((resolve) => socket.close(resolve));
      }
      const closed = await ops.listeningPorts();
      expect(closed.tcp.has(tcpPort)).toBe(false);
      expect(closed.udp.has(udpPort)).toBe(false);
    });
  });
}
