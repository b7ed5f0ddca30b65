import { describe, expect, it } from 'vitest';
import { fingerprintOf, isFingerprint, keyTypeOf, normalizeFingerprint, SshHostKeyError } from './host-key';

// A real ed25519 host public key and the fingerprint `ssh-keygen -lf` prints for it.
const publicKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHt4yNMPlMGoc3WdP83Ni1uiEZk81i40vXw48SrX8uWC';
const fingerprint = 'SHA256:1LauVha5Bd919DGtz4bHrOcJgBDfZGGD84wABGIHXog';
const raw = Buffer.from(publicKey.split(' ')[1]!, 'base64');

describe('fingerprints', () => {
  it('match ssh-keygen -lf: SHA256 and unpadded base64 of the raw key', () => {
    expect(fingerprintOf(raw)).toBe(fingerprint);
  });

  it('reads the key type from the raw key', () => {
    expect(keyTypeOf(raw)).toBe('ssh-ed25519');
    expect(keyTypeOf(Buffer.from([0, 0]))).toBe('unknown');
  });

  it('recognises fingerprints and nothing else', () => {
    expect(isFingerprint(fingerprint)).toBe(true);
    expect(isFingerprint(`${fingerprint}=`)).toBe(false);
    expect(isFingerprint(fingerprint.replace('SHA256:', 'MD5:'))).toBe(false);
    expect(isFingerprint('SHA256:short')).toBe(false);
    expect(isFingerprint(`${fingerprint} `)).toBe(false);
    expect(normalizeFingerprint(` ${fingerprint}= `)).toBe(fingerprint);
    expect(normalizeFingerprint('d1:4b:...')).toBeUndefined();
  });
});

describe('SshHostKeyError', () => {
  it('for an unknown key: shows the fingerprint, where to check it and how to confirm it', () => {
    const error = new SshHostKeyError({ kind: 'unknown', host: 'root@h:22', fingerprint, keyType: 'ssh-ed25519' });
    expect(error.message).toBe(
      `The SSH host key of root@h:22 is not known yet. Its fingerprint is ${fingerprint}. ` +
        'Check it (on the host: `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub`) and confirm it ' +
        `(CLI: --accept-host-key ${fingerprint}).`,
    );
    expect(error).toMatchObject({ kind: 'unknown', host: 'root@h:22', fingerprint });
    expect(error.expected).toBeUndefined();
  });

  it('for a changed key: says it CHANGED from what to what, why that matters, and that ZedOps refused', () => {
    const old = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const error = new SshHostKeyError({
      kind: 'changed',
      host: 'root@h:22',
      fingerprint,
      expected: old,
      keyType: 'ecdsa-sha2-nistp256',
    });
    expect(error.message).toContain(`has CHANGED: it was ${old}, and the host now presents ${fingerprint}.`);
    expect(error.message).toContain('someone is intercepting the connection');
    expect(error.message).toContain('the host was reinstalled');
    expect(error.message).toContain('ZedOps refused to connect.');
    expect(error.message).toContain('ssh-keygen -lf /etc/ssh/ssh_host_ecdsa_key.pub');
    expect(error).toMatchObject({ kind: 'changed', fingerprint, expected: old });
  });
});
