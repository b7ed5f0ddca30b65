import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SecretCipherError, type SecretCipher } from './secret-cipher';

const keyFileName = 'secret.key';
const version = 1;
const ivLength = 12;
const tagLength = 16;

/**
 * AES-256-GCM with a random key kept in `<data dir>/secret.key`, readable
 * only by its owner. Sealed form: version byte, IV, auth tag, ciphertext.
 */
export class KeyFileCipher implements SecretCipher {
  readonly kind = 'key file';

  private constructor(private readonly key: Buffer) {}

  static open(dataDir: string): KeyFileCipher {
    const file = path.join(dataDir, keyFileName);
    let key: Buffer;
    try {
      key = fs.readFileSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      key = randomBytes(32);
      try {
        // wx: never overwrite a key another process made a moment ago.
        fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
      } catch (writeErr) {
        if ((writeErr as NodeJS.ErrnoException).code !== 'EEXIST') throw writeErr;
        key = fs.readFileSync(file);
      }
    }
    if (key.length !== 32) {
      throw new SecretCipherError(
        `The secret key file ${file} is damaged (${key.length} bytes, expected 32). Restore it from a backup; without it the stored passwords cannot be read.`,
      );
    }
    fs.chmodSync(file, 0o600);
    return new KeyFileCipher(key);
  }

  encrypt(plaintext: string): Buffer {
    const iv = randomBytes(ivLength);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([version]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(sealed: Buffer): string {
    if (sealed.subarray(0, 4).toString('latin1') === 'ZSK1') {
      throw new SecretCipherError(
        'This secret was sealed by the ZedOps desktop app with the OS keyring, which only that app (as the same user) can open. Use the desktop app for it, or start the desktop with ZEDOPS_SECRETS=key-file so new secrets stay readable by the CLI and zedops serve, and enter this one again.',
      );
    }
    if (sealed.length < 1 + ivLength + tagLength || sealed[0] !== version) {
      throw new SecretCipherError('A stored secret is not in a format this ZedOps can read.');
    }
    const iv = sealed.subarray(1, 1 + ivLength);
    const tag = sealed.subarray(1 + ivLength, 1 + ivLength + tagLength);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(1 + ivLength + tagLength)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretCipherError(
        'A stored secret could not be decrypted: the key file does not match this catalog. Restore the secret.key that belongs to it.',
      );
    }
  }
}
