import fs from 'node:fs';
import path from 'node:path';
import { KeyFileCipher } from '../core/secrets/key-file-cipher';
import { SecretCipherError, type SecretCipher } from '../core/secrets/secret-cipher';

/**
 * The parts of Electron's safeStorage this uses. The synchronous calls,
 * because core's SecretCipher is synchronous (Electron 45 marks them
 * deprecated in favour of the async ones, and still provides them).
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring Electron picked; `basic_text` means none (a fixed, public key). */
  getSelectedStorageBackend?(): string;
}

/** How the desktop seals new secrets, and why. */
export type SecretStore =
  | { seal: 'keyring'; keyring: string }
  | { seal: 'key-file'; why: 'chosen' }
  | { seal: 'key-file'; why: 'no-keyring'; detail: string };

export const secretsEnvVar = 'ZEDOPS_SECRETS';

/**
 * The OS keyring (safeStorage) when there is a real one; the data dir's key
 * file, as `zedops serve` and the CLI use, when there is none (with a
 * warning: see keyringWarning) or when ZEDOPS_SECRETS=key-file asks for it.
 * Never plaintext, and never Electron's basic_text "encryption", whose key
 * is public.
 */
export function chooseSecretStore(inputs: {
  platform: NodeJS.Platform;
  safeStorage: SafeStorageLike;
  env: NodeJS.ProcessEnv;
}): SecretStore {
  if (inputs.env[secretsEnvVar]?.trim() === 'key-file') return { seal: 'key-file', why: 'chosen' };
  if (inputs.platform === 'linux') {
    const backend = inputs.safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (backend === 'basic_text') {
      return {
        seal: 'key-file',
        why: 'no-keyring',
        detail: 'this desktop session has no keyring that Electron recognises (GNOME Keyring or KWallet)',
      };
    }
    if (backend === 'unknown') {
      return { seal: 'key-file', why: 'no-keyring', detail: 'Electron could not tell which keyring this desktop uses' };
    }
    if (!inputs.safeStorage.isEncryptionAvailable()) {
      return {
        seal: 'key-file',
        why: 'no-keyring',
        detail: `the keyring (${keyringName('linux', backend)}) did not answer`,
      };
    }
    return { seal: 'keyring', keyring: keyringName('linux', backend) };
  }
  if (!inputs.safeStorage.isEncryptionAvailable()) {
    return { seal: 'key-file', why: 'no-keyring', detail: `${keyringName(inputs.platform, '')} is not available` };
  }
  return { seal: 'keyring', keyring: keyringName(inputs.platform, '') };
}

function keyringName(platform: NodeJS.Platform, backend: string): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows DPAPI';
  if (backend.startsWith('kwallet')) return 'KWallet';
  if (backend === 'gnome_libsecret') return 'GNOME Keyring (libsecret)';
  return backend;
}

/** The warning for the key-file fallback, or null when the keyring is used (or the key file was chosen). */
export function keyringWarning(
  store: SecretStore,
  dataDir: string,
): { menuLine: string; title: string; text: string } | null {
  if (store.seal !== 'key-file' || store.why !== 'no-keyring') return null;
  return {
    menuLine: 'No OS keyring: passwords sealed with a key file…',
    title: 'No OS keyring: passwords are sealed with a key file',
    text: [
      `ZedOps could not use the OS keyring: ${store.detail}.`,
      `New passwords and keys are sealed with the key file ${path.join(dataDir, keyFileName)} instead, as zedops serve and the CLI do. Anyone who can read both that file and the catalog can read them; keep the data folder private. Nothing is stored in plain text.`,
      'To seal with the keyring, run ZedOps in a desktop session with GNOME Keyring or KWallet running and unlocked, or start it with --password-store=gnome-libsecret (or kwallet5, kwallet6). Passwords sealed until then stay readable.',
    ].join('\n\n'),
  };
}

/** The prefix of a secret sealed with the keyring; the key file's format starts with byte 1. */
const keyringMagic = Buffer.from('ZSK1', 'ascii');
const keyFileName = 'secret.key';

/**
 * Core's SecretCipher for the desktop app. Seals new secrets as `store`
 * says; opens both kinds whatever it says, so a catalog made by `zedops
 * serve` or the CLI (key file) opens in the desktop app, and one the desktop
 * sealed keeps opening after a switch to the key file.
 *
 * The other way round does not work, by design: a secret sealed with the
 * keyring opens only in the desktop app of the same OS user. `zedops serve`
 * and the CLI on that data dir answer that it is "not in a format this
 * ZedOps can read"; ZEDOPS_SECRETS=key-file keeps a data dir shared.
 */
export class DesktopSecretCipher implements SecretCipher {
  readonly kind: string;
  private keyFile: KeyFileCipher | undefined;

  constructor(
    private readonly store: SecretStore,
    private readonly safeStorage: SafeStorageLike,
    private readonly dataDir: string,
  ) {
    this.kind = store.seal === 'keyring' ? `safeStorage (${store.keyring})` : 'key file';
  }

  encrypt(plaintext: string): Buffer {
    if (this.store.seal === 'keyring') return Buffer.concat([keyringMagic, this.safeStorage.encryptString(plaintext)]);
    return this.openKeyFile(true).encrypt(plaintext);
  }

  decrypt(sealed: Buffer): string {
    if (sealed.subarray(0, keyringMagic.length).equals(keyringMagic)) {
      try {
        return this.safeStorage.decryptString(sealed.subarray(keyringMagic.length));
      } catch {
        throw new SecretCipherError(
          this.store.seal === 'keyring'
            ? 'A stored password was sealed with the OS keyring of another user, session or computer, and cannot be read here. Edit & Retry the server with its password, or add the host again.'
            : `A stored password was sealed with the OS keyring, which is not available now (${this.store.why === 'no-keyring' ? this.store.detail : `${secretsEnvVar}=key-file`}). Start ZedOps in the desktop session that sealed it, with its keyring unlocked.`,
        );
      }
    }
    return this.openKeyFile(false).decrypt(sealed);
  }

  /** The key file, opened on first use; only sealing may create it (opening an old secret with a new key cannot work). */
  private openKeyFile(create: boolean): KeyFileCipher {
    if (!this.keyFile) {
      const file = path.join(this.dataDir, keyFileName);
      if (!create && !fs.existsSync(file)) {
        throw new SecretCipherError(
          `A stored password was sealed with the key file ${file}, which is missing. Restore secret.key from the backup of this data folder.`,
        );
      }
      this.keyFile = KeyFileCipher.open(this.dataDir);
    }
    return this.keyFile;
  }
}
