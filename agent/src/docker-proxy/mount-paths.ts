import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Where a host path really leads, as the kernel would walk it: component by
 * component, following each symlink that exists (with its `..` applied to
 * where the link leads, not to the link's name), and keeping the components
 * that do not exist yet as written (Docker creates them as plain folders).
 * Throws when a component is a symlink that cannot be resolved (dangling,
 * a loop), or is not a folder while more components follow.
 */
export async function resolveLikeKernel(hostPath: string): Promise<string> {
  if (!path.posix.isAbsolute(hostPath)) throw new Error(`"${hostPath}" is not an absolute path`);
  let current = '/';
  const parts = hostPath.split('/');
  let missing = false;
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      current = path.posix.dirname(current);
      continue;
    }
    const next = path.posix.join(current, part);
    if (missing) {
      current = next;
      continue;
    }
    let stat: Stats;
    try {
      stat = await fs.lstat(next);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing = true;
      current = next;
      continue;
    }
    if (stat.isSymbolicLink()) {
      // The native realpath: resolves the whole link chain as the kernel does; throws when it dangles.
      current = await fs.realpath(next);
    } else {
      current = next;
    }
  }
  return current;
}

export function isInside(child: string, parent: string): boolean {
  if (parent === '/') return true;
  return child === parent || child.startsWith(`${parent}/`);
}

/**
 * Why `source` may not be bind-mounted, or undefined when it may: it must be
 * absolute and lead, however it is read, to the data root or below it. It is
 * read twice: with `..` applied to the text first (as Docker cleans a bind
 * source) and with `..` applied after following symlinks (as the kernel
 * walks a path), so neither reading can lead out.
 */
export async function bindSourceProblem(source: string, dataRoot: string): Promise<string | undefined> {
  if (!path.posix.isAbsolute(source)) return `"${source}" is not an absolute host path`;
  let root: string;
  try {
    root = await resolveLikeKernel(path.posix.normalize(dataRoot));
  } catch (err) {
    return `the data root ${dataRoot} cannot be resolved (${(err as Error).message})`;
  }
  const readings = new Set([path.posix.normalize(source), source]);
  for (const reading of readings) {
    let real: string;
    try {
      real = await resolveLikeKernel(reading);
    } catch (err) {
      return `${source} cannot be resolved (${(err as Error).message})`;
    }
    if (!isInside(real, root)) {
      return real === source || real === path.posix.normalize(source)
        ? `${source} is outside the data root ${root}`
        : `${source} leads to ${real}, outside the data root ${root}`;
    }
  }
  return undefined;
}
