import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { describeFsError, withFsError } from './fs-error';
import { HostOpsError, type DataDirStatus, type HostOps, type ListeningPorts } from './host-ops';
import { parseProcNetPorts } from './proc-net';
import { dirIsFile, dirIsSymlink, dirResolvesElsewhere, missingTarget, rootIsFile, rootIsSymlink } from './refusals';
import { checkedDataRoot, serverDir } from './server-dir';

export interface LocalHostOpsOptions {
  /** Which OS to behave as; tests use it to reach the not-yet-supported paths. */
  platform?: NodeJS.Platform;
}

/** The host ZedOps itself runs on (`local` kind): plain filesystem calls and /proc. */
export class LocalHostOps implements HostOps {
  readonly dataRoot: string;
  private readonly platform: NodeJS.Platform;

  constructor(dataRoot: string, options: LocalHostOpsOptions = {}) {
    this.dataRoot = checkedDataRoot(dataRoot);
    this.platform = options.platform ?? process.platform;
  }

  async dataDirStatus(name: string): Promise<DataDirStatus> {
    const dir = serverDir(this.dataRoot, name);
    const [exists, binExists, dataExists] = await Promise.all([
      isDirectory(dir),
      isDirectory(path.join(dir, 'bin')),
      isDirectory(path.join(dir, 'data')),
    ]);
    return { dir, exists, binExists, dataExists };
  }

  async createDataDirs(name: string): Promise<{ bin: string; data: string }> {
    const dir = serverDir(this.dataRoot, name);
    await withFsError('create the data root', this.dataRoot, () => fs.mkdir(this.dataRoot, { recursive: true }));
    const found = await lstatIfPresent(dir);
    if (found) await this.checkInsideRoot(name, dir, found);
    else await this.checkRealRoot();
    const bin = path.join(dir, 'bin');
    const data = path.join(dir, 'data');
    for (const folder of [bin, data]) {
      await withFsError('create the folder', folder, () => fs.mkdir(folder, { recursive: true }));
    }
    return { bin, data };
  }

  async removeDataDir(name: string): Promise<{ removed: boolean }> {
    const dir = serverDir(this.dataRoot, name);
    const found = await lstatIfPresent(dir);
    if (!found) return { removed: false };
    const realDir = await this.checkInsideRoot(name, dir, found);
    // Delete through the resolved path so a data root swapped for a symlink after the check cannot redirect it.
    // fs.rm lstat()s each entry and unlinks symlinks inside the folder without following them.
    await withFsError('delete the folder', dir, () => fs.rm(realDir, { recursive: true }));
    return { removed: true };
  }

  async listeningPorts(): Promise<ListeningPorts> {
    if (this.platform !== 'linux') {
      throw new HostOpsError(
        'unsupported',
        `Listing the ports in use on this computer is not supported on ${this.platform} yet. ` +
          'ZedOps still checks its catalog and Docker; make sure no other program uses the ports you pick.',
      );
    }
    const [tcp, udp] = await Promise.all([readPorts('tcp'), readPorts('udp')]);
    return { tcp, udp };
  }

  /** The data root must be a real folder, not a symlink to one, and it must exist. Returns its realpath. */
  private async checkRealRoot(): Promise<string> {
    const root = this.dataRoot;
    const stats = await withFsError('read the data root', root, () => fs.lstat(root));
    const realRoot = await withFsError('resolve the data root', root, () => fs.realpath(root));
    if (stats.isSymbolicLink()) throw rootIsSymlink(root, realRoot);
    if (!stats.isDirectory()) throw rootIsFile(root);
    return realRoot;
  }

  /**
   * `<root>/<name>` must be a real folder directly in the real data root:
   * realpath(dir) === realpath(root)/name. Returns that resolved path.
   */
  private async checkInsideRoot(name: string, dir: string, found: Stats): Promise<string> {
    const realRoot = await this.checkRealRoot();
    const expected = path.join(realRoot, name);
    if (found.isSymbolicLink()) throw dirIsSymlink(dir, await fs.realpath(dir).catch(() => missingTarget));
    if (!found.isDirectory()) throw dirIsFile(dir);
    const realDir = await withFsError('resolve the folder', dir, () => fs.realpath(dir));
    if (realDir !== expected) throw dirResolvesElsewhere(dir, realDir, expected);
    return realDir;
  }
}

async function lstatIfPresent(target: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw describeFsError('read', target, err);
  }
}

async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await fs.stat(target)).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw describeFsError('read', target, err);
  }
}

/** IPv4 and IPv6 sockets both hold a port, so the two files are merged. */
async function readPorts(protocol: 'tcp' | 'udp'): Promise<Set<number>> {
  const [v4, v6] = await Promise.all([readProcNet(protocol), readProcNet(`${protocol}6`)]);
  return new Set([...parseProcNetPorts(v4, protocol), ...parseProcNetPorts(v6, protocol)]);
}

// tcp6 and udp6 are missing when IPv6 is disabled in the kernel.
async function readProcNet(file: string): Promise<string> {
  const target = `/proc/net/${file}`;
  try {
    return await fs.readFile(target, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw describeFsError('read', target, err);
  }
}
