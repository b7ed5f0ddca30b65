import { spawnSync } from 'node:child_process';
import Docker from 'dockerode';
import { testEnv } from './serve-fixture';

/** The env every CLI call in these tests gets: no "This computer", so only the test's own host exists. */
const cliEnv = (): NodeJS.ProcessEnv => ({
  ...process.env,
  DOCKER_HOST: 'unix:///nonexistent/zedops/docker.sock',
  ZEDOPS_ADMIN_PASSWORD: 'ui-test-admin',
  ZEDOPS_LOG_LEVEL: 'warn',
});

/** Runs the built CLI against a data dir, as a user would in a terminal; throws with its output when it fails. */
export function zedops(home: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, ['bin/zedops.cjs', '--home', home, ...args], {
    env: cliEnv(),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) {
    throw new Error(`zedops ${args.join(' ')} exited with ${run.status}:\n${run.stdout}\n${run.stderr}`);
  }
  return run.stdout;
}

export function testDocker(): Docker {
  return new Docker({ socketPath: testEnv().dockerSocket });
}

/** Removes the containers named zedops-<prefix>* that UI tests create, whatever state a failed run left. */
export async function removeContainersNamed(docker: Docker, prefix: string): Promise<void> {
  const name = `zedops-${prefix}`;
  const all = await docker.listContainers({ all: true, filters: { name: [name] } });
  for (const c of all) {
    if (c.Names.some((n) => n.startsWith(`/${name}`))) await docker.getContainer(c.Id).remove({ force: true });
  }
}
