import { execFileSync } from 'node:child_process';

/**
 * vitest global setup: bundles the `zedops` CLI once before the integration
 * tests, which run it as a real process (bin/zedops.cjs). Tests must not
 * build it themselves: two files building at once could read a torn bundle.
 */
export default function buildCli(): void {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
