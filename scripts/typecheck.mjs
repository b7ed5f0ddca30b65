// Typechecks every environment against its own tsconfig: core/Node,
// Electron main+preload, renderer (DOM), and the agent.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const projects = [
  ['core, browser mode, CLI, tests', 'tsconfig.node.json'],
  ['Electron main and preload', 'tsconfig.electron.json'],
  ['renderer', 'tsconfig.web.json'],
  ['agent', 'tsconfig.agent.json'],
];

let failed = 0;
for (const [what, config] of projects) {
  if (config === 'tsconfig.agent.json' && !hasSources('agent/src')) {
    console.log(`typecheck: ${what}: no sources yet, nothing to check`);
    continue;
  }
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', config, '--noEmit'], {
    stdio: 'inherit',
  });
  console.log(`typecheck: ${what} (${config}): ${r.status === 0 ? 'ok' : 'FAILED'}`);
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);

function hasSources(dir) {
  return fs.existsSync(dir) && fs.readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith('.ts'));
}
