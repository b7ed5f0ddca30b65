// `npm run package [-- electron-builder options]`, e.g. `npm run package -- --linux`:
// Electron build of better-sqlite3, app bundles, CLI bundle, then installers
// in dist/. Whatever happens, the Node build of better-sqlite3 is put back
// afterwards so `npm test` keeps working.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronPackageDir, electronUnavailableMessage, obtainElectron } from './electron-runtime.mjs';
import { binPath, runNode } from './run-bin.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = (name) => path.join(root, 'scripts', name);

const electron = await obtainElectron(electronPackageDir(root), {
  onSlow: () => console.log("Downloading Electron's runtime (first time only)..."),
});
if (!electron.ok) {
  console.error(electronUnavailableMessage(electron.reason));
  process.exit(1);
}

const steps = [
  ['better-sqlite3 for Electron', script('native.mjs'), ['electron']],
  ['app bundles', binPath(root, 'electron-vite'), ['build']],
  ['CLI bundle', script('build-node.mjs'), []],
  ['installers', binPath(root, 'electron-builder'), process.argv.slice(2)],
];

// Ctrl-C reaches the running step too; this script stays to put the Node build back.
process.on('SIGINT', () => {});

let failed = null;
for (const [name, program, args] of steps) {
  console.log(`\n== ${name}`);
  const code = await runNode(root, program, args);
  if (code !== 0) {
    failed = { name, code };
    break;
  }
}

console.log('\n== better-sqlite3 for Node (for npm test)');
const restored = await runNode(root, script('native.mjs'), ['node']);

if (failed) {
  console.error(`\nPackaging stopped: the ${failed.name} step failed (exit code ${failed.code}).`);
  process.exit(failed.code);
}
if (restored !== 0) process.exit(restored);
console.log('\nInstallers are in dist/.');
