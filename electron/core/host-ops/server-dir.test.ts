import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostOpsError } from './host-ops';
import { checkedDataRoot, serverDir } from './server-dir';

describe('serverDir', () => {
  it('puts the server folder directly in the data root', () => {
    expect(serverDir('/var/lib/zedops/servers', 'north', path.posix)).toBe('/var/lib/zedops/servers/north');
  });

  it('tidies a data root with a trailing slash or dots', () => {
    expect(serverDir('/var/lib/zedops/./servers/', 'north', path.posix)).toBe('/var/lib/zedops/servers/north');
    expect(serverDir('/srv/x/../zedops', 'north', path.posix)).toBe('/srv/zedops/north');
  });

  it('uses the host path flavour it is given', () => {
    expect(serverDir('C:\\ZedOps\\servers', 'north', path.win32)).toBe('C:\\ZedOps\\servers\\north');
  });

  it.each(['..', '../etc', 'a/b', '/etc', 'North', '', '-north', 'a\\b', 'x'.repeat(33)])(
    'refuses %j as a server name',
    (name) => {
      expect(() => serverDir('/srv/zedops', name, path.posix)).toThrow(HostOpsError);
      expect(() => serverDir('/srv/zedops', name, path.posix)).toThrow(/cannot be a server folder.*lowercase letters/);
    },
  );

  it.each(['servers', './servers', '../servers', '', 'C:\\servers'])('refuses the relative data root %j', (root) => {
    expect(() => serverDir(root, 'north', path.posix)).toThrow(/is not an absolute path\. Set the host's data root/);
  });
});

describe('checkedDataRoot', () => {
  it('marks a bad root as an invalid request, so nothing was tried', () => {
    try {
      checkedDataRoot('servers', path.posix);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(HostOpsError);
      expect((err as HostOpsError).kind).toBe('invalid');
    }
  });
});
