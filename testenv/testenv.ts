import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What `testenv.sh up` writes to env.json: where each real service of the test environment listens. */
export interface TestEnv {
  stateDir: string;
  /** `unix://` address of the private dockerd. */
  dockerHost: string;
  dockerSocket: string;
  dockerVersion: string;
  /** The same dockerd over TCP with mutual TLS. */
  tls: {
    host: string;
    port: number;
    ca: string;
    cert: string;
    key: string;
    /** A CA the daemon does not trust, and a client certificate it signed, for tests that must be refused. */
    otherCa: string;
    otherCert: string;
    otherKey: string;
  };
  /** `host:port` of the local registry, without a scheme. */
  registry: string;
  ssh: {
    host: string;
    port: number;
    user: string;
    /** Private key file authorized for `user`. */
    identity: string;
    /** OpenSSH style: `SHA256:` and unpadded base64 of the host key's SHA-256. */
    hostKeyFingerprint: string;
    hostPublicKey: string;
  };
  pzSimImage: string;
  /** Same image under a tag tests may untag and pull again. */
  pzSimPullTestImage: string;
  /** The helper image for tls hosts' host operations (busybox, standing in for busybox:1.36). */
  helperImage: string;
  /** Same image under a tag tests may untag and pull again. */
  helperPullTestImage: string;
}

const script = path.join(__dirname, 'testenv.sh');

/**
 * Runs `testenv.sh up` (idempotent: seconds when everything is already up)
 * and returns its env.json. Throws when the environment cannot come up:
 * integration tests never skip silently.
 */
export function bringUpTestEnv(): TestEnv {
  let envJsonPath: string;
  try {
    envJsonPath = execFileSync('bash', [script, 'up'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (process.env.CI === 'true') {
      throw new Error(`The test environment did not come up (${reason}); see the testenv lines above.`);
    }
    throw new Error(
      `The test environment did not come up (${reason}); see the testenv lines above. ` +
        'Integration tests need root on Debian or Ubuntu, where "bash testenv/testenv.sh up" installs and starts ' +
        'everything, or a test environment that is already up. "npm run test:unit" runs the unit tests alone.',
    );
  }
  return JSON.parse(fs.readFileSync(envJsonPath, 'utf8')) as TestEnv;
}
