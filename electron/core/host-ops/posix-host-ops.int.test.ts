import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { hostOpsContract } from './host-ops-contract';
import { SshHostOps } from './ssh-host-ops';
import { ProcessShell } from './test-shells';

// busybox-static comes with the test environment (testenv.sh), so this runs
// with the integration tests: the script under busybox's sh, with busybox's
// realpath, mkdir and rm and nothing else on the PATH, as on a small host.
describe('the host-ops script under busybox sh with only busybox tools', () => {
  let bin: string;
  beforeAll(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-busybox-'));
    for (const applet of execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
      fs.symlinkSync('/bin/busybox', path.join(bin, applet));
    }
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

  hostOpsContract(
    (root) =>
      new SshHostOps({
        shell: new ProcessShell([path.join(bin, 'sh')], { PATH: bin }),
        dataRoot: root,
        sh: [path.join(bin, 'sh')],
      }),
  );
});
