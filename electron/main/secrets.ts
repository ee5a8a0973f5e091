import { AppError } from '../../shared/errors';
import type { SecretStore } from '../core/ports';
import type { KeyValueStore } from './kv';

/** The parts of Electron's `safeStorage` used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only; absent elsewhere. */
  getSelectedStorageBackend?: () => string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const KEY_PREFIX = 'secret:';

export const ENCRYPTION_UNAVAILABLE_MESSAGE =
  "Recur cannot reach this computer's password store (Keychain, Credential Manager or the desktop keyring), " +
  'so it will not save keys or passwords. Unlock or set up the password store, then try again.';

const unavailable = () => new AppError('GATEWAY_UNAVAILABLE', ENCRYPTION_UNAVAILABLE_MESSAGE);

/**
 * Whether safeStorage really encrypts. On Linux without a keyring Electron falls back to `basic_text`,
 * a hard-coded key: as good as plain text, so Recur treats it as unavailable.
 */
export function encryptionAvailable(safeStorage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend) {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') return false;
  }
  return true;
}

function checkName(name: string): void {
  if (typeof name !== 'string' || !NAME.test(name))
    throw new TypeError(`Invalid secret name: ${String(name)}`);
}

/**
 * The core's `SecretStore` port for the app (DESIGN §7): values encrypted with Electron's safeStorage
 * (OS keychain), stored base64 in their own electron-store file. Nothing is ever written in clear:
 * without real encryption, `set` refuses with a message for the owner.
 */
export function createSecretStore(
  kv: KeyValueStore,
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  return {
    get(name) {
      checkName(name);
      const stored = kv.get(KEY_PREFIX + name);
      if (typeof stored !== 'string' || stored.length === 0) return null;
      if (!encryptionAvailable(safeStorage, platform)) throw unavailable();
      try {
        return safeStorage.decryptString(Buffer.from(stored, 'base64'));
      } catch {
        throw new AppError(
          'GATEWAY_UNAVAILABLE',
          "A saved key or password can no longer be read (this computer's password store changed). " +
            'Enter it again in Settings.',
        );
      }
    },
    set(name, value) {
      checkName(name);
      if (typeof value !== 'string') throw new TypeError('A secret must be a string');
      if (!encryptionAvailable(safeStorage, platform)) throw unavailable();
      const encrypted = safeStorage.encryptString(value);
      kv.set(KEY_PREFIX + name, encrypted.toString('base64'));
    },
    delete(name) {
      checkName(name);
      kv.delete(KEY_PREFIX + name);
    },
  };
}
