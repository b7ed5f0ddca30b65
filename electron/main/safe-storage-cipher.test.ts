import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { KeyFileCipher } from '../core/secrets/key-file-cipher';
import { SecretCipherError } from '../core/secrets/secret-cipher';
import { useTempDirs } from '../core/testing/temp-dirs';
import { DesktopSecretCipher, chooseSecretStore, keyringWarning, type SafeStorageLike } from './safe-storage-cipher';

const tmp = useTempDirs('zedops-desktop-cipher');

/** A stand-in for safeStorage: a keyring-held key, so what it seals cannot be read without it. */
function fakeKeyring(options: { available?: boolean; backend?: string; key?: number } = {}) {
  const key = options.key ?? 0x5a;
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ key));
  const storage = {
    isEncryptionAvailable: vi.fn(() => options.available ?? true),
    getSelectedStorageBackend: vi.fn(() => options.backend ?? 'gnome_libsecret'),
    encryptString: vi.fn((plain: string) => Buffer.concat([Buffer.from('v11'), xor(Buffer.from(plain, 'utf8'))])),
    decryptString: vi.fn((sealed: Buffer) => {
      if (sealed.subarray(0, 3).toString() !== 'v11' || options.available === false) {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      }
      return xor(sealed.subarray(3)).toString('utf8');
    }),
  };
  return storage satisfies SafeStorageLike;
}

function desktopCipher(
  dataDir: string,
  keyring = fakeKeyring(),
  env: NodeJS.ProcessEnv = {},
  platform: NodeJS.Platform = 'linux',
) {
  const store = chooseSecretStore({ platform, safeStorage: keyring, env });
  return { cipher: new DesktopSecretCipher(store, keyring, dataDir), store, keyring };
}

describe('chooseSecretStore', () => {
  it('seals with the OS keyring where there is one', () => {
    expect(chooseSecretStore({ platform: 'linux', safeStorage: fakeKeyring(), env: {} })).toEqual({
      seal: 'keyring',
      keyring: 'GNOME Keyring (libsecret)',
    });
    expect(
      chooseSecretStore({ platform: 'linux', safeStorage: fakeKeyring({ backend: 'kwallet6' }), env: {} }),
    ).toMatchObject({
      seal: 'keyring',
      keyring: 'KWallet',
    });
    expect(chooseSecretStore({ platform: 'darwin', safeStorage: fakeKeyring(), env: {} })).toMatchObject({
      seal: 'keyring',
    });
    expect(chooseSecretStore({ platform: 'win32', safeStorage: fakeKeyring(), env: {} })).toMatchObject({
      seal: 'keyring',
    });
  });

  it('never takes Linux basic_text for a keyring, even though safeStorage calls it available', () => {
    const store = chooseSecretStore({
      platform: 'linux',
      safeStorage: fakeKeyring({ backend: 'basic_text' }),
      env: {},
    });
    expect(store).toMatchObject({ seal: 'key-file', why: 'no-keyring' });
  });

  it('falls back to the key file where the keyring is unavailable', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const store = chooseSecretStore({ platform, safeStorage: fakeKeyring({ available: false }), env: {} });
      expect(store, platform).toMatchObject({ seal: 'key-file', why: 'no-keyring' });
    }
  });

  it('uses the key file when ZEDOPS_SECRETS=key-file asks for it', () => {
    const store = chooseSecretStore({
      platform: 'darwin',
      safeStorage: fakeKeyring(),
      env: { ZEDOPS_SECRETS: 'key-file' },
    });
    expect(store).toEqual({ seal: 'key-file', why: 'chosen' });
  });
});

describe('keyringWarning', () => {
  it('warns, naming the key file and why, only when the keyring was wanted and missing', () => {
    const dir = '/home/ann/.config/ZedOps';
    const missing = chooseSecretStore({
      platform: 'linux',
      safeStorage: fakeKeyring({ backend: 'basic_text' }),
      env: {},
    });
    const warning = keyringWarning(missing, dir);
    expect(warning?.text).toContain(path.join(dir, 'secret.key'));
    expect(warning?.text).toContain('no keyring');
    expect(warning?.text).toContain('Nothing is stored in plain text');
    expect(keyringWarning({ seal: 'keyring', keyring: 'KWallet' }, dir)).toBeNull();
    expect(keyringWarning({ seal: 'key-file', why: 'chosen' }, dir)).toBeNull();
  });
});

describe('DesktopSecretCipher', () => {
  it('seals with the keyring, never in plaintext, and opens what it sealed', () => {
    const { cipher, keyring } = desktopCipher(tmp());
    const sealed = cipher.encrypt('hunter2-très-secret');
    expect(keyring.encryptString).toHaveBeenCalledTimes(1);
    expect(sealed.includes(Buffer.from('hunter2'))).toBe(false);
    expect(cipher.decrypt(sealed)).toBe('hunter2-très-secret');
  });

  it('makes no key file while the keyring does the sealing', () => {
    const dir = tmp();
    desktopCipher(dir).cipher.encrypt('x');
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
  });

  it('opens the secrets of a catalog that zedops serve or the CLI sealed with the key file', () => {
    const dir = tmp();
    const fromCli = KeyFileCipher.open(dir).encrypt('admin-pass');
    expect(desktopCipher(dir).cipher.decrypt(fromCli)).toBe('admin-pass');
  });

  it('without a keyring seals with the key file, which zedops serve and the CLI can open too', () => {
    const dir = tmp();
    const keyring = fakeKeyring({ backend: 'basic_text' });
    const { cipher } = desktopCipher(dir, keyring);
    const sealed = cipher.encrypt('hunter2');
    expect(keyring.encryptString).not.toHaveBeenCalled();
    expect(sealed.includes(Buffer.from('hunter2'))).toBe(false);
    expect(KeyFileCipher.open(dir).decrypt(sealed)).toBe('hunter2');
  });

  it('keeps opening keyring secrets after a switch to the key file', () => {
    const dir = tmp();
    const keyring = fakeKeyring();
    const sealed = desktopCipher(dir, keyring).cipher.encrypt('kept');
    expect(desktopCipher(dir, keyring, { ZEDOPS_SECRETS: 'key-file' }).cipher.decrypt(sealed)).toBe('kept');
  });

  it('says the keyring is needed when a keyring secret cannot be opened without it', () => {
    const dir = tmp();
    const sealed = desktopCipher(dir).cipher.encrypt('x');
    const { cipher } = desktopCipher(dir, fakeKeyring({ available: false }));
    expect(() => cipher.decrypt(sealed)).toThrow(SecretCipherError);
    expect(() => cipher.decrypt(sealed)).toThrow(/sealed with the OS keyring, which is not available now/);
  });

  it('says so when the keyring answers but the secret belongs to another one', () => {
    const dir = tmp();
    const sealed = desktopCipher(dir, fakeKeyring({ key: 1 })).cipher.encrypt('x');
    const broken = Buffer.concat([sealed.subarray(0, 4), Buffer.from('v10garbage')]);
    expect(() => desktopCipher(dir).cipher.decrypt(broken)).toThrow(/another user, session or computer/);
  });

  it('asks for the missing key file instead of making a new one that could not open the secret', () => {
    const dir = tmp();
    const sealed = KeyFileCipher.open(dir).encrypt('x');
    fs.rmSync(path.join(dir, 'secret.key'));
    expect(() => desktopCipher(dir).cipher.decrypt(sealed)).toThrow(/secret\.key.*missing\. Restore/);
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
  });

  it('a key-file-only ZedOps cannot open a keyring secret, and refuses it rather than misreading it', () => {
    const dir = tmp();
    const sealed = desktopCipher(dir).cipher.encrypt('x');
    expect(() => KeyFileCipher.open(dir).decrypt(sealed)).toThrow(SecretCipherError);
  });
});
