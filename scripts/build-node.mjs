// Bundles the plain-Node entry points into single CommonJS files under out/:
// - the `zedops` CLI (which includes browser mode), out/cli/zedops.cjs. Native
//   and Docker/SSH libraries stay external: they load from node_modules at run time.
// - the ZedOps agent, out/agent/zedops-agent.cjs, with EVERYTHING bundled (no
//   externals but Node's built-ins): it runs on a game host that has only Node.
//   Beside it, zedops-agent.cjs.sha256 in `sha256sum` format, which the desktop
//   checks before it installs or upgrades an agent.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const external = ['better-sqlite3', 'dockerode', 'ssh2', 'cpu-features', 'pino', 'ws', 'bufferutil', 'utf-8-validate'];

async function buildCli() {
  await build({
    entryPoints: { zedops: 'electron/cli/index.ts' },
    outdir: 'out/cli',
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external,
    logLevel: 'warning',
  });
  return 'out/cli/zedops.cjs';
}

export const agentBundle = 'out/agent/zedops-agent.cjs';

async function buildAgent() {
  await build({
    entryPoints: { 'zedops-agent': 'agent/src/main.ts' },
    outdir: path.dirname(agentBundle),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // One file and nothing else: no source map, no externals.
    sourcemap: false,
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
  fs.chmodSync(agentBundle, 0o755);
  const sha256 = createHash('sha256').update(fs.readFileSync(agentBundle)).digest('hex');
  fs.writeFileSync(`${agentBundle}.sha256`, `${sha256}  ${path.basename(agentBundle)}\n`);
  // The systemd unit travels with the bundle: the desktop's install-agent writes it on the host.
  fs.copyFileSync('agent/zedops-agent.service', path.join(path.dirname(agentBundle), 'zedops-agent.service'));
  return `${agentBundle} (sha256 ${sha256.slice(0, 12)}…)`;
}

// Each bundle is built even when the other fails, so one broken entry point does not hide the other's errors.
const results = await Promise.allSettled([buildCli(), buildAgent()]);
let failed = 0;
for (const r of results) {
  if (r.status === 'fulfilled') console.log(`built ${r.value}`);
  else {
    failed++;
    if (!(r.reason && Array.isArray(r.reason.errors))) console.error(r.reason);
  }
}
if (failed) process.exit(1);
