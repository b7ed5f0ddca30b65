import { describe, expect, it } from 'vitest';
import { abiOfBinary, cacheSlot, classifyLoadFailure, markerFor, planNative, sameMarker } from './native-lib.mjs';

const binary = (text: string) =>
  Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), Buffer.from(text, 'latin1')]);

describe('abiOfBinary', () => {
  it('reads the ABI from the registration symbol an addon exports', () => {
    expect(abiOfBinary(binary('\0_ZN2v8\0node_register_module_v115\0napi_'))).toBe(115);
    expect(abiOfBinary(binary('\0node_register_module_v150\0'))).toBe(150);
  });

  it('is null for a binary without one (N-API, or not an addon)', () => {
    expect(abiOfBinary(binary('\0napi_register_module_v1\0'))).toBeNull();
    expect(abiOfBinary(Buffer.alloc(0))).toBeNull();
  });
});

describe('classifyLoadFailure', () => {
  it('recognises a binary built for another runtime', () => {
    const stderr = `Error: The module '/w/node_modules/better-sqlite3/build/Release/better_sqlite3.node'
was compiled against a different Node.js version using
NODE_MODULE_VERSION 150. This version of Node.js requires
NODE_MODULE_VERSION 115. Please try re-compiling or re-installing`;
    expect(classifyLoadFailure(stderr)).toBe('abi-mismatch');
  });

  it('recognises a missing binary', () => {
    expect(
      classifyLoadFailure('Error: Could not locate the bindings file. Tried:\n → /w/build/better_sqlite3.node'),
    ).toBe('binary-missing');
  });

  it('recognises a module that is not installed at all', () => {
    expect(classifyLoadFailure("Error: Cannot find module 'better-sqlite3'\nRequire stack:\n- /w/[eval]")).toBe(
      'not-installed',
    );
  });

  it('calls anything else unusable', () => {
    expect(classifyLoadFailure('Error: /w/better_sqlite3.node: invalid ELF header')).toBe('unusable');
    expect(classifyLoadFailure('Error: Module did not self-register')).toBe('unusable');
  });
});

describe('cacheSlot', () => {
  it('keys a build by module version, runtime, ABI, platform and arch', () => {
    expect(cacheSlot({ moduleVersion: '12.11.1', runtime: 'electron', abi: 150, platform: 'linux', arch: 'x64' })).toBe(
      'better-sqlite3-12.11.1/electron-150-linux-x64',
    );
  });
});

describe('planNative for node', () => {
  const base = { runtime: 'node', wantedAbi: 115, inPlaceAbi: 115, cachedAbi: 115, cacheMatchesInPlace: true };

  it('keeps a binary that loads and carries Node ABI', () => {
    expect(planNative({ ...base, loads: { ok: true } }).action).toBe('keep');
  });

  it('keeps an N-API binary that loads', () => {
    expect(planNative({ ...base, inPlaceAbi: null, loads: { ok: true } }).action).toBe('keep');
  });

  it('restores the cached Node build when the Electron build is in place', () => {
    const plan = planNative({
      ...base,
      inPlaceAbi: 150,
      cacheMatchesInPlace: false,
      loads: { ok: false, kind: 'abi-mismatch' },
    });
    expect(plan).toEqual({ action: 'restore', why: 'restoring the cached Node build (ABI 115)' });
  });

  it('does not trust a binary for another ABI even when it happens to load', () => {
    expect(planNative({ ...base, inPlaceAbi: 150, cacheMatchesInPlace: false, loads: { ok: true } }).action).toBe(
      'restore',
    );
  });

  it('rebuilds when there is no cached Node build', () => {
    expect(
      planNative({
        ...base,
        inPlaceAbi: 150,
        cachedAbi: null,
        cacheMatchesInPlace: false,
        loads: { ok: false, kind: 'abi-mismatch' },
      }).action,
    ).toBe('rebuild');
  });

  it('rebuilds when the cached build is the very binary that fails', () => {
    expect(planNative({ ...base, loads: { ok: false, kind: 'unusable' } }).action).toBe('rebuild');
  });

  it('rebuilds a missing binary', () => {
    expect(
      planNative({
        ...base,
        inPlaceAbi: null,
        cachedAbi: null,
        cacheMatchesInPlace: false,
        loads: { ok: false, kind: 'binary-missing' },
      }).action,
    ).toBe('rebuild');
  });

  it('gives up, pointing at npm ci, when the module is not installed', () => {
    const plan = planNative({ ...base, loads: { ok: false, kind: 'not-installed' } });
    expect(plan.action).toBe('fail');
    expect(plan.why).toContain('npm ci');
  });
});

describe('planNative for electron', () => {
  const base = { runtime: 'electron', wantedAbi: 150, cachedAbi: 150, cacheMatchesInPlace: false };

  it('keeps a binary built for Electron when no Electron runtime can probe it', () => {
    expect(planNative({ ...base, inPlaceAbi: 150, loads: undefined }).action).toBe('keep');
  });

  it('keeps it when the Electron runtime loads it too', () => {
    expect(planNative({ ...base, inPlaceAbi: 150, loads: { ok: true } }).action).toBe('keep');
  });

  it('restores the cached Electron build over the Node build: a copy, not a rebuild', () => {
    expect(planNative({ ...base, inPlaceAbi: 115, loads: undefined })).toEqual({
      action: 'restore',
      why: 'restoring the cached Electron build (ABI 150)',
    });
  });

  it('does not keep a binary with the right ABI that Electron fails to load', () => {
    expect(
      planNative({ ...base, inPlaceAbi: 150, cacheMatchesInPlace: true, loads: { ok: false, kind: 'unusable' } })
        .action,
    ).toBe('rebuild');
  });

  it('rebuilds when nothing is cached, or the binary carries no ABI', () => {
    expect(planNative({ ...base, inPlaceAbi: 115, cachedAbi: null, loads: undefined }).action).toBe('rebuild');
    expect(planNative({ ...base, inPlaceAbi: null, cachedAbi: null, loads: undefined }).action).toBe('rebuild');
  });
});

describe('markers', () => {
  const identity = {
    runtime: 'node',
    abi: 115,
    moduleVersion: '12.11.1',
    platform: 'linux',
    arch: 'x64',
    sha256: 'ab',
  };

  it('record what the in-place binary is built for', () => {
    expect(markerFor(identity)).toEqual({
      module: 'better-sqlite3',
      version: '12.11.1',
      runtime: 'node',
      abi: 115,
      platform: 'linux',
      arch: 'x64',
      sha256: 'ab',
    });
  });

  it('match only for the same runtime and the same bytes', () => {
    expect(sameMarker(markerFor(identity), markerFor({ ...identity }))).toBe(true);
    expect(sameMarker(markerFor(identity), markerFor({ ...identity, sha256: 'cd' }))).toBe(false);
    expect(sameMarker(markerFor(identity), markerFor({ ...identity, runtime: 'electron', abi: 150 }))).toBe(false);
    expect(sameMarker(null, markerFor(identity))).toBe(false);
  });
});
