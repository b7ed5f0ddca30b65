// `npm start [-- electron-vite options [-- app options]]`: the desktop app in
// development (electron-vite dev: renderer with hot reload, main and preload
// rebuilt on start). Example: `npm start -- -- --home /tmp/zedops-dev`.
// Where Electron's runtime cannot be had, says so once, changes nothing, and
// points at browser mode.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronPackageDir, electronUnavailableMessage, obtainElectron } from './electron-runtime.mjs';
import { binPath, runNode } from './run-bin.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const electron = await obtainElectron(electronPackageDir(root), {
  onSlow: () => console.log("Downloading Electron's runtime (first start only)..."),
});
if (!electron.ok) {
  console.error(electronUnavailableMessage(electron.reason));
  process.exit(1);
}

const native = await runNode(root, path.join(root, 'scripts', 'native.mjs'), ['electron']);
if (native !== 0) process.exit(native);

process.exit(await runNode(root, binPath(root, 'electron-vite'), ['dev', ...process.argv.slice(2)]));
