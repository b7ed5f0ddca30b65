// Bundles the plain-Node entry points (the `zedops` CLI, which includes
// browser mode) into single CommonJS files under out/. Native and
// Docker/SSH libraries stay external: they load from node_modules at run time.
import { build } from 'esbuild';

const external = ['better-sqlite3', 'dockerode', 'ssh2', 'cpu-features', 'pino', 'ws', 'bufferutil', 'utf-8-validate'];

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
console.log('built out/cli/zedops.cjs');
