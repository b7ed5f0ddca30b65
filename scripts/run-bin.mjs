// Runs an installed package's command-line program with this Node, without
// npx or a shell, so arguments pass through untouched on every OS.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function binPath(root, pkg, name = pkg) {
  const manifestPath = createRequire(path.join(root, 'package.json')).resolve(`${pkg}/package.json`);
  const { bin } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const relative = typeof bin === 'string' ? bin : bin?.[name];
  if (!relative) throw new Error(`${pkg} has no "${name}" program.`);
  return path.join(path.dirname(manifestPath), relative);
}

/** Resolves to the exit code; a signal counts as failure. */
export function runNode(root, script, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(err.message);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
