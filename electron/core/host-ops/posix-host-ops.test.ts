import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../testing/temp-dirs';
import { hostOpsContract, hostOpsRefusal } from './host-ops-contract';
import { LocalHostOps } from './local-host-ops';
import { parseScriptOutput, scriptForStdin, scriptMarker } from './posix-host-ops';
import { SshHostOps } from './ssh-host-ops';
import { ProcessShell } from './test-shells';

// The script runs here through real shells (sshd runs a command the same way:
// `<login shell> -c COMMAND`); over real SSH and in a real helper container in
// the *.int.test.ts files.

const tempDir = useTempDirs('zedops-posix-ops');

/** Where a program is on this machine's PATH. */
function which(program: string): string {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const candidate = path.join(dir, program);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${program} is not on the PATH`);
}

/** A folder holding only these programs, to stand for a host that lacks the others. */
function pathWith(programs: string[]): string {
  const bin = tempDir();
  for (const program of programs) fs.symlinkSync(which(program), path.join(bin, program));
  return bin;
}

describe('LocalHostOps, held to the same table', () => {
  hostOpsContract((root) => new LocalHostOps(root));
});

describe.each([
  [`/bin/sh (${fs.realpathSync('/bin/sh')})`, '/bin/sh'],
  ['bash', which('bash')],
])('the host-ops script under %s', (_label, sh) => {
  hostOpsContract((root) => new SshHostOps({ shell: new ProcessShell(), dataRoot: root, sh: [sh] }));
});

describe('the host-ops script on a host without some tools', () => {
  const sh = which('bash');

  it('resolves paths with readlink -f where realpath is missing', async () => {
    const base = fs.realpathSync(tempDir());
    const env = { PATH: pathWith(['mkdir', 'rm', 'readlink']) };
    const ops = new SshHostOps({ shell: new ProcessShell([sh], env), dataRoot: path.join(base, 'servers'), sh: [sh] });
    const { data } = await ops.createDataDirs('north');
    fs.symlinkSync(base, path.join(base, 'servers', 'south'));

    const err = await hostOpsRefusal(ops.removeDataDir('south'));
    expect(err.kind).toBe('unsafe');
    expect(err.message).toContain(`${path.join(base, 'servers', 'south')} is a symlink to ${base}`);
    expect(fs.existsSync(data)).toBe(true);
    expect(await ops.removeDataDir('north')).toEqual({ removed: true });
    expect(fs.existsSync(path.join(base, 'servers', 'north'))).toBe(false);
  });

  it('refuses to delete, and says what to install, with neither realpath nor readlink', async () => {
    const base = fs.realpathSync(tempDir());
    const root = path.join(base, 'servers');
    fs.mkdirSync(path.join(root, 'north', 'data'), { recursive: true });
    const env = { PATH: pathWith(['mkdir', 'rm']) };
    const ops = new SshHostOps({ shell: new ProcessShell([sh], env), dataRoot: root, sh: [sh] });

    const err = await hostOpsRefusal(ops.removeDataDir('north'));
    expect(err.kind).toBe('unsupported');
    expect(err.message).toMatch(/neither realpath nor readlink.*nothing was changed\. Install coreutils or busybox/);
    expect(fs.existsSync(path.join(root, 'north', 'data'))).toBe(true);
    // Checking needs neither.
    expect(await ops.dataDirStatus('north')).toMatchObject({ exists: true, dataExists: true });
  });

  it('says so when the host has no such shell', async () => {
    const ops = new SshHostOps({ shell: new ProcessShell(), dataRoot: tempDir(), sh: ['/nonexistent/sh'] });
    const err = await hostOpsRefusal(ops.dataDirStatus('north'));
    expect(err.kind).toBe('io');
    expect(err.message).toMatch(
      /^Could not check .*\/north: the host-ops script did not start with exit code 127 \(.*not found\)\. The host needs a POSIX \/bin\/sh/,
    );
  });

  it('gives up on a host that does not answer in time, with a clear error', async () => {
    const slowSh = ['/bin/sh', '-c', 'sleep 30; exec /bin/sh "$@"', 'slow-host'];
    const ops = new SshHostOps({ shell: new ProcessShell(), dataRoot: tempDir(), sh: slowSh, timeoutMs: 300 });
    const started = Date.now();
    const err = await hostOpsRefusal(ops.dataDirStatus('north'));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.kind).toBe('io');
    expect(err.message).toMatch(/^Could not check .*\/north: the host did not answer over SSH within 300 ms\./);
  });

  it('refuses names that are not server names in the script itself, not only in ZedOps', async () => {
    const base = fs.realpathSync(tempDir());
    fs.mkdirSync(path.join(base, 'servers'));
    fs.mkdirSync(path.join(base, 'outside'));
    for (const name of ['../outside', '..', '-rf', 'a b', '']) {
      const reply = await new ProcessShell().exec('/bin/sh -s', {
        stdin: scriptForStdin(['remove', path.join(base, 'servers'), name, '']),
      });
      const out = parseScriptOutput(reply.stdout);
      expect(reply.code).toBe(10);
      expect(out.result).toBe(10);
      expect(out.fields.get('error')).toEqual(['bad-name']);
    }
    expect(fs.readdirSync(base).sort()).toEqual(['outside', 'servers']);
  });
});

describe('parseScriptOutput', () => {
  it('ignores whatever a login shell printed before the script started', () => {
    const out = parseScriptOutput(`Welcome!\nresult=0\nexists=1\n${scriptMarker}\nexists=0\nresult=0\n`);
    expect(out.started).toBe(true);
    expect(out.fields.get('exists')).toEqual(['0']);
    expect(out.result).toBe(0);
  });

  it('takes the last result, so a value cannot pass for it, and keeps values that span lines', () => {
    const out = parseScriptOutput(`${scriptMarker}\nerror=dir-symlink\ntarget=/srv/evil\nresult=0\nx\nresult=11\n`);
    expect(out.result).toBe(11);
    expect(out.fields.get('target')).toEqual(['/srv/evil']);
    const wrapped = parseScriptOutput(`${scriptMarker}\ntarget=/srv/two\nlines\nfound=0\nresult=11\n`);
    expect(wrapped.fields.get('target')).toEqual(['/srv/two\nlines']);
  });

  it('tells a script that never started from one that stopped halfway', () => {
    expect(parseScriptOutput('sh: 1: /bin/sh: not found\n')).toMatchObject({ started: false, result: undefined });
    expect(parseScriptOutput(`${scriptMarker}\nexists=1\n`)).toMatchObject({ started: true, result: undefined });
  });
});
