import fs from 'node:fs';
import { bringUpTestEnv } from '../testenv/testenv';

/** Brings up the test environment and hands it to the tests through the environment. */
export default function globalSetup(): void {
  // Brings up Docker, the registry, sshd and pz-sim; as root on Debian it also installs Chromium.
  const env = bringUpTestEnv();
  if (!fs.existsSync(process.env.ZEDOPS_CHROMIUM ?? '/usr/bin/chromium')) {
    throw new Error(
      'Chromium is not installed at /usr/bin/chromium. Run "sudo bash testenv/testenv.sh install" (Debian), or set ZEDOPS_CHROMIUM.',
    );
  }
  if (!fs.existsSync('out/cli/zedops.cjs') || !fs.existsSync('out/renderer/index.html')) {
    throw new Error('The UI tests need a build. Run "npm run build" first ("npm test" does it for you).');
  }
  process.env.ZEDOPS_TESTENV_JSON = JSON.stringify(env);
}
