// `node scripts/native.mjs <node|electron>`: puts a better-sqlite3 binary
// built for that runtime in place, so `npm test` runs on the Node build and
// `npm start` / `npm run package` on the Electron build, with no manual step.
// Every verified build is kept in node_modules/.cache/zedops-native/, so
// switching back is a copy, not a rebuild. A failed rebuild puts the previous
// binary back: the module is never left half built.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronAbi, electronExecutable, electronPackageDir, electronVersion } from './electron-runtime.mjs';
import {
  abiOfBinary,
  binaryPath,
  cacheSlot,
  classifyLoadFailure,
  markerFor,
  nativeModule,
  planNative,
  sameMarker,
} from './native-lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cacheRoot = path.join(root, 'node_modules', '.cache', 'zedops-native');
const markerFile = path.join(cacheRoot, 'in-place.json');
const probeScript = `const D = require('${nativeModule}'); const db = new D(':memory:'); db.prepare('select 1').get(); db.close();`;

const runtime = process.argv[2];
if (runtime !== 'node' && runtime !== 'electron') {
  console.error('Usage: node scripts/native.mjs <node|electron>');
  process.exit(2);
}

let moduleDir;
try {
  moduleDir = path.dirname(createRequire(path.join(root, 'package.json')).resolve(`${nativeModule}/package.json`));
} catch {
  fail(`${nativeModule} is not installed; run \`npm ci\` first.`);
}
const moduleVersion = readJson(path.join(moduleDir, 'package.json')).version;
const inPlace = path.join(moduleDir, ...binaryPath);
const nodeAbi = Number(process.versions.modules);
const slotOf = (rt, abi) =>
  path.join(
    cacheRoot,
    cacheSlot({ moduleVersion, runtime: rt, abi, platform: process.platform, arch: process.arch }),
    path.basename(inPlace),
  );

const target = runtime === 'node' ? nodeTarget() : electronTarget();

try {
  await ensure();
} catch (err) {
  const reason = err instanceof Error ? err.message : String(err);
  fail(
    [
      `${nativeModule} could not be built for ${target.label}: ${reason}`,
      'The previous binary is back in place.',
      target.runtime === 'electron'
        ? "Building needs Electron's headers (www.electronjs.org, or a mirror in ELECTRON_REBUILD_DIST_URL) or a prebuilt binary from GitHub, and a C++ toolchain (python3, make, g++)."
        : 'Building needs a prebuilt binary from GitHub or a C++ toolchain (python3, make, g++).',
    ].join('\n'),
  );
}

function nodeTarget() {
  return {
    runtime: 'node',
    abi: nodeAbi,
    label: `Node ${process.version} (ABI ${nodeAbi})`,
    probe: () => probeWith(process.execPath, {}),
    rebuild: rebuildForNode,
  };
}

function electronTarget() {
  const electronDir = electronPackageDir(root);
  const version = electronVersion(electronDir);
  const abi = electronAbi(electronDir);
  // Where Electron's runtime is on disk, load the module in it for real (as plain Node).
  const executable = electronExecutable(electronDir);
  return {
    runtime: 'electron',
    abi,
    version,
    label: `Electron ${version} (ABI ${abi})`,
    probe: executable ? () => probeWith(executable, { ELECTRON_RUN_AS_NODE: '1' }) : null,
    rebuild: () => rebuildForElectron(version),
  };
}

async function ensure() {
  const marker = readJson(markerFile);
  const inPlaceSha = sha256(inPlace);
  const wantedMarker = markerFor({ ...identity(target.runtime, target.abi), sha256: inPlaceSha });
  // Fast path for Electron: the marker vouches for exactly these bytes.
  const vouched = target.runtime === 'electron' && inPlaceSha !== null && sameMarker(marker, wantedMarker);
  const loads = vouched ? { ok: true } : target.probe?.();
  const cached = slotOf(target.runtime, target.abi);
  const plan = planNative({
    runtime: target.runtime,
    wantedAbi: target.abi,
    inPlaceAbi: abiOfFile(inPlace),
    loads,
    cachedAbi: abiOfFile(cached),
    cacheMatchesInPlace: inPlaceSha !== null && sha256(cached) === inPlaceSha,
  });

  if (plan.action === 'fail') fail(plan.why);
  if (plan.action === 'keep') {
    keep(target.runtime, target.abi);
    console.log(`${nativeModule}: ${plan.why}.`);
    return;
  }

  rememberInPlace();
  console.log(`${nativeModule}: ${plan.why}...`);
  if (plan.action === 'restore') {
    const restored = await withRollback(async () => {
      copyAtomic(cached, inPlace);
      forgetRebuildMeta();
    });
    if (restored) return;
    console.log(`${nativeModule}: the cached build did not load; building for ${target.label}...`);
  }
  const built = await withRollback(target.rebuild);
  if (!built) throw new Error('the new build does not load');
}

/**
 * Runs `work`, then checks the in-place binary. If either fails, the
 * previous binary goes back where it was. Resolves true when the new one
 * works, false when `work` succeeded but its result does not load; throws
 * when `work` itself failed.
 */
async function withRollback(work) {
  fs.mkdirSync(cacheRoot, { recursive: true });
  const backup = path.join(cacheRoot, `previous-${process.pid}.node`);
  const hadBinary = fs.existsSync(inPlace);
  if (hadBinary) fs.copyFileSync(inPlace, backup);
  // Ctrl-C in the middle of a build must not leave the module half built either.
  const interrupted = (signal) => {
    putBack();
    fs.rmSync(backup, { force: true });
    console.error(`${nativeModule}: interrupted; the previous binary is back in place.`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    await work();
    const check = verify();
    if (check.ok) {
      keep(target.runtime, target.abi);
      console.log(`${nativeModule}: now built for ${target.label}.`);
      return true;
    }
    console.error(`${nativeModule}: the result does not load (${check.why}); putting the previous binary back.`);
    putBack();
    return false;
  } catch (err) {
    putBack();
    throw err;
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    fs.rmSync(backup, { force: true });
  }

  function putBack() {
    if (hadBinary) copyAtomic(backup, inPlace);
    else fs.rmSync(inPlace, { force: true });
    forgetRebuildMeta();
  }
}

function verify() {
  if (!fs.existsSync(inPlace)) return { ok: false, why: 'there is no binary' };
  const abi = abiOfFile(inPlace);
  const napi = target.runtime === 'node' && abi === null;
  if (abi !== target.abi && !napi)
    return { ok: false, why: abi === null ? 'it carries no ABI' : `it is built for ABI ${abi}` };
  const loads = target.probe?.() ?? { ok: true };
  return loads.ok ? { ok: true } : { ok: false, why: loads.message };
}

/** The in-place binary is right for `rt`: cache it and record it in the marker. */
function keep(rt, abi) {
  const cached = slotOf(rt, abi);
  if (sha256(cached) !== sha256(inPlace)) copyAtomic(inPlace, cached);
  writeMarker(markerFor({ ...identity(rt, abi), sha256: sha256(inPlace) }));
}

/**
 * Before replacing the in-place binary, keep it if it is a working Node build
 * that is not cached yet (a fresh `npm ci`), so `npm test` never has to rebuild.
 */
function rememberInPlace() {
  if (target.runtime === 'node' || abiOfFile(inPlace) !== nodeAbi) return;
  if (sha256(slotOf('node', nodeAbi)) === sha256(inPlace)) return;
  if (probeWith(process.execPath, {}).ok) copyAtomic(inPlace, slotOf('node', nodeAbi));
}

function rebuildForNode() {
  // npm runs the module's own install script: a prebuilt download, else node-gyp.
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'rebuild', nativeModule], { cwd: root, stdio: 'inherit' })
    : spawnSync('npm', ['rebuild', nativeModule], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0)
    throw new Error(`\`npm rebuild ${nativeModule}\` failed (exit code ${result.status ?? result.error?.message}).`);
}

async function rebuildForElectron(version) {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: root,
    electronVersion: version,
    arch: process.arch,
    onlyModules: [nativeModule],
    force: true,
    disablePreGypCopy: true,
    ...(process.env.ELECTRON_REBUILD_DIST_URL ? { headerURL: process.env.ELECTRON_REBUILD_DIST_URL } : {}),
  });
}

// @electron/rebuild skips modules whose build/Release/.forge-meta matches the
// target; after any swap that file may describe the other runtime's binary.
function forgetRebuildMeta() {
  fs.rmSync(path.join(path.dirname(inPlace), '.forge-meta'), { force: true });
}

function probeWith(executable, extraEnv) {
  const result = spawnSync(executable, ['-e', probeScript], {
    cwd: root,
    env: { ...process.env, ...extraEnv },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.status === 0) return { ok: true };
  const stderr = `${result.stderr ?? ''}${result.error ? result.error.message : ''}`;
  const message =
    stderr
      .split('\n')
      .map((line) => line.trim())
      .find((line) => /NODE_MODULE_VERSION|Error/.test(line)) ?? `exit code ${result.status}`;
  return { ok: false, kind: classifyLoadFailure(stderr), message };
}

function identity(rt, abi) {
  return { runtime: rt, abi, moduleVersion, platform: process.platform, arch: process.arch };
}

function writeMarker(marker) {
  if (sameMarker(readJson(markerFile), marker)) return;
  fs.mkdirSync(cacheRoot, { recursive: true });
  fs.writeFileSync(markerFile, `${JSON.stringify(marker, null, 2)}\n`);
}

function copyAtomic(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  const temporary = `${to}.tmp-${process.pid}`;
  fs.copyFileSync(from, temporary);
  fs.renameSync(temporary, to);
}

function abiOfFile(file) {
  return fs.existsSync(file) ? abiOfBinary(fs.readFileSync(file)) : null;
}

function sha256(file) {
  return fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : null;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function fail(message) {
  console.error(message);
  process.exit(1);
}
