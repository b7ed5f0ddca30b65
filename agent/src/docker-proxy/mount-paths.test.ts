import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindSourceProblem, isInside, resolveLikeKernel } from './mount-paths';

let tmp: string;
let root: string;
let outside: string;

beforeAll(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-mount-paths-')));
  root = path.join(tmp, 'root');
  outside = path.join(tmp, 'outside');
  fs.mkdirSync(path.join(root, 'srv', 'bin'), { recursive: true });
  fs.mkdirSync(path.join(outside, 'deep', 'er'), { recursive: true });
  fs.symlinkSync(outside, path.join(root, 'out')); // leads out
  fs.symlinkSync(path.join(root, 'srv'), path.join(root, 'in')); // stays in
  fs.symlinkSync(path.join(outside, 'deep', 'er'), path.join(root, 'deeplink')); // out, two levels down
  fs.symlinkSync(path.join(tmp, 'nowhere'), path.join(root, 'dangling'));
  fs.writeFileSync(path.join(root, 'file'), 'x');
  fs.symlinkSync(root, path.join(tmp, 'rootlink'));
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('resolveLikeKernel', () => {
  it('follows symlinks and keeps missing components as written', async () => {
    expect(await resolveLikeKernel(path.join(root, 'in', 'bin'))).toBe(path.join(root, 'srv', 'bin'));
    expect(await resolveLikeKernel(path.join(root, 'new', 'dir'))).toBe(path.join(root, 'new', 'dir'));
    expect(await resolveLikeKernel(`${root}/out/x`)).toBe(path.join(outside, 'x'));
  });

  it('applies ".." after following a link, as the kernel does', async () => {
    expect(await resolveLikeKernel(`${root}/deeplink/../x`)).toBe(path.join(outside, 'deep', 'x'));
  });

  it('fails on a dangling link and on a file with more after it', async () => {
    await expect(resolveLikeKernel(`${root}/dangling/x`)).rejects.toThrow();
    await expect(resolveLikeKernel(`${root}/file/x`)).rejects.toThrow();
  });
});

describe('isInside', () => {
  it('compares whole components', () => {
    expect(isInside('/a/b', '/a')).toBe(true);
    expect(isInside('/a', '/a')).toBe(true);
    expect(isInside('/ab', '/a')).toBe(false);
  });
});

describe('bindSourceProblem', () => {
  it.each([
    ['a folder under the root', () => `${root}/srv/bin`],
    ['a folder that does not exist yet', () => `${root}/new/a/b`],
    ['the root itself', () => root],
    ['a symlink that stays inside', () => `${root}/in/bin`],
    ['a ".." that stays inside', () => `${root}/srv/../new`],
  ])('allows %s', async (_what, source) => {
    expect(await bindSourceProblem(source(), root)).toBeUndefined();
  });

  it.each([
    ['a path elsewhere', () => '/etc', /is outside the data root/],
    ['the Docker socket', () => '/var/run/docker.sock', /outside the data root/],
    ['a ".." escape', () => `${root}/../outside`, /outside the data root/],
    ['a symlink that leads out', () => `${root}/out/x`, /leads to .*outside/],
    ['a ".." after a link, which the kernel applies out there', () => `${root}/deeplink/../x`, /leads to .*deep\/x/],
    ['a dangling symlink', () => `${root}/dangling/x`, /cannot be resolved/],
    ['a relative path', () => 'srv/bin', /not an absolute host path/],
    ['a sibling with the same prefix', () => `${root}-other/x`, /outside/],
  ])('refuses %s', async (_what, source, why) => {
    expect(await bindSourceProblem(source(), root)).toMatch(why);
  });

  it('resolves a data root given through a symlink', async () => {
    expect(await bindSourceProblem(`${root}/srv`, path.join(tmp, 'rootlink'))).toBeUndefined();
    expect(await bindSourceProblem(`${tmp}/rootlink/srv`, root)).toBeUndefined();
  });
});
