import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../testing/temp-dirs';
import { KeyFileCipher } from './key-file-cipher';
import { SecretCipherError } from './secret-cipher';

const tmp = useTempDirs('zedops-cipher');

describe('KeyFileCipher', () => {
  it('round-trips a secret and never contains the plaintext', () => {
    const cipher = KeyFileCipher.open(tmp());
    const sealed = cipher.encrypt('hunter2-très-secret');
    expect(sealed.includes(Buffer.from('hunter2'))).toBe(false);
    expect(cipher.decrypt(sealed)).toBe('hunter2-très-secret');
  });

  it('makes a fresh IV each time, so equal secrets do not look equal', () => {
    const cipher = KeyFileCipher.open(tmp());
    expect(cipher.encrypt('same').equals(cipher.encrypt('same'))).toBe(false);
  });

  it('keeps its key in secret.key, readable only by its owner, and reuses it', () => {
    const dir = tmp();
    const sealed = KeyFileCipher.open(dir).encrypt('x');
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    expect(KeyFileCipher.open(dir).decrypt(sealed)).toBe('x');
  });

  it('refuses to decrypt with another key, or tampered data, with a readable error', () => {
    const sealed = KeyFileCipher.open(tmp()).encrypt('x');
    expect(() => KeyFileCipher.open(tmp()).decrypt(sealed)).toThrow(/does not match this catalog/);
    const cipher = KeyFileCipher.open(tmp());
    const mine = cipher.encrypt('x');
    mine[mine.length - 1]! ^= 1;
    expect(() => cipher.decrypt(mine)).toThrow(SecretCipherError);
    expect(() => cipher.decrypt(Buffer.from('plain'))).toThrow(/format/);
  });

  it("says a secret sealed by the desktop's OS keyring can only be opened there, and how to share a data dir", () => {
    const cipher = KeyFileCipher.open(tmp());
    const fromDesktop = Buffer.concat([Buffer.from('ZSK1', 'ascii'), Buffer.alloc(40, 7)]);
    expect(() => cipher.decrypt(fromDesktop)).toThrow(/desktop app with the OS keyring.*ZEDOPS_SECRETS=key-file/);
  });

  it('refuses a damaged key file rather than making a new one', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'secret.key'), 'short');
    expect(() => KeyFileCipher.open(dir)).toThrow(/damaged/);
  });
});
