/**
 * How core keeps secrets (admin and RCON passwords, later keys and
 * passphrases) out of the catalog in plaintext. Core owns the interface;
 * the Node implementation uses a key file, the desktop shell safeStorage.
 */
export interface SecretCipher {
  /** A short name for messages and diagnostics: "key file", "safeStorage". */
  readonly kind: string;
  encrypt(plaintext: string): Buffer;
  decrypt(sealed: Buffer): string;
}

export class SecretCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretCipherError';
  }
}
