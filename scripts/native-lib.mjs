// Pure decisions for native.mjs: which runtime a better-sqlite3 binary was
// built for, why it failed to load, and what to do about it.

export const nativeModule = 'better-sqlite3';
/** Where node-gyp (and prebuild-install) put the binary that `bindings` loads. */
export const binaryPath = ['build', 'Release', 'better_sqlite3.node'];

/**
 * The NODE_MODULE_VERSION a (non-N-API) addon was built for, read from the
 * `node_register_module_v<ABI>` symbol every such binary exports. Node and
 * Electron never share an ABI number, so this also tells the runtime apart.
 */
export function abiOfBinary(bytes) {
  const match = /node_register_module_v(\d+)/.exec(bytes.toString('latin1'));
  return match ? Number(match[1]) : null;
}

/** Why loading failed, from the probe's stderr. */
export function classifyLoadFailure(stderr) {
  if (/Cannot find module ['"]better-sqlite3['"]/.test(stderr)) return 'not-installed';
  if (/NODE_MODULE_VERSION|compiled against a different Node\.js version/.test(stderr)) return 'abi-mismatch';
  if (/Could not locate the bindings file/.test(stderr)) return 'binary-missing';
  return 'unusable';
}

const runtimeNames = { node: 'Node', electron: 'Electron' };

/** Folder (relative to the cache root) holding one runtime's build of this better-sqlite3 version. */
export function cacheSlot({ moduleVersion, runtime, abi, platform, arch }) {
  return `${nativeModule}-${moduleVersion}/${runtime}-${abi}-${platform}-${arch}`;
}

/**
 * What to do to get a binary for `runtime` in place.
 * - node: `loads` is the probe outcome ({ ok } or { ok: false, kind }); the binary must load
 *   and carry Node's ABI.
 * - electron: Electron cannot load it from here, so the binary's ABI is the truth,
 *   and `loads` (when an Electron runtime could run a probe) must not say otherwise.
 * `cachedAbi` is the ABI of the cached build for this runtime, if there is one.
 */
export function planNative({ runtime, wantedAbi, inPlaceAbi, loads, cachedAbi, cacheMatchesInPlace }) {
  const name = runtimeNames[runtime];
  if (loads && !loads.ok && loads.kind === 'not-installed') {
    return { action: 'fail', why: `${nativeModule} is not installed; run \`npm ci\` first.` };
  }
  // An N-API build (no ABI symbol) would suit both runtimes; any other must carry the wanted ABI.
  const abiFits = inPlaceAbi === wantedAbi || (runtime === 'node' && inPlaceAbi === null);
  const inPlaceWorks = runtime === 'node' ? abiFits && Boolean(loads?.ok) : abiFits && (loads?.ok ?? true);
  if (inPlaceWorks) return { action: 'keep', why: `already built for ${name} (ABI ${wantedAbi})` };
  if (cachedAbi === wantedAbi && !cacheMatchesInPlace) {
    return { action: 'restore', why: `restoring the cached ${name} build (ABI ${wantedAbi})` };
  }
  return { action: 'rebuild', why: `building for ${name} (ABI ${wantedAbi}); this takes a minute or two` };
}

/** The marker recording what the in-place binary is built for. */
export function markerFor({ runtime, abi, moduleVersion, platform, arch, sha256 }) {
  return { module: nativeModule, version: moduleVersion, runtime, abi, platform, arch, sha256 };
}

export function sameMarker(a, b) {
  return Boolean(a && b) && JSON.stringify(a) === JSON.stringify(b);
}
