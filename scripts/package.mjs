// `npm run package [-- electron-builder options]`, e.g. `npm run package -- --linux`:
// Electron build of better-sqlite3, app bundles, CLI and agent bundles, a check
// that everything electron-builder.yml ships is there, then installers in
// dist/. Whatever happens, the Node build of better-sqlite3 is put back
// afterwards so `npm test` keeps working.
import fs from 'node:fs';
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

// What the installers ship from the build (electron-builder.yml); a missing one fails here, by name.
const shipped = [
  'out/main/index.js',
  'out/preload/index.js',
  'out/renderer/index.html',
  'out/agent/zedops-agent.cjs',
  'out/agent/zedops-agent.cjs.sha256',
  'out/agent/zedops-agent.service',
  'resources/icon.png',
  ...['ok', 'attention', 'offline'].flatMap((h) => [`resources/tray-${h}.png`, `resources/tray-${h}@2x.png`]),
];
const checkShipped = {
  run: () => {
    const missing = shipped.filter((file) => !fs.existsSync(path.join(root, file)));
    if (missing.length === 0) return 0;
    console.error(`The build left out what the installers ship: ${missing.join(', ')}.`);
    return 1;
  },
};

const steps = [
  ['better-sqlite3 for Electron', script('native.mjs'), ['electron']],
  ['app bundles', binPath(root, 'electron-vite'), ['build']],
  ['CLI and agent bundles', script('build-node.mjs'), []],
  ['files to ship', checkShipped, []],
  ['installers', binPath(root, 'electron-builder'), process.argv.slice(2)],
];

// Ctrl-C reaches the running step too; this script stays to put the Node build back.
process.on('SIGINT', () => {});

let failed = null;
for (const [name, program, args] of steps) {
  console.log(`\n== ${name}`);
  const code = typeof program === 'string' ? await runNode(root, program, args) : program.run();
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
