import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../shared/errors';
import { memoryStore } from '../../electron/main/kv';
import {
  ENCRYPTION_UNAVAILABLE_MESSAGE,
  createSecretStore,
  encryptionAvailable,
  type SafeStorageLike,
} from '../../electron/main/secrets';

vi.mock('electron', () => ({}));

/** A stand-in for safeStorage: reversible, but never stores the clear text. */
function fakeSafeStorage(available = true, backend = 'gnome_libsecret'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: vi.fn((s: string) => Buffer.from(`enc(${[...s].reverse().join('')})`)),
    decryptString: vi.fn((b: Buffer) => {
      const m = /^enc\((.*)\)$/s.exec(b.toString());
      if (!m) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...(m[1] ?? '')].reverse().join('');
    }),
    getSelectedStorageBackend: () => backend,
  };
}

describe('secret store', () => {
  it('stores encrypted, base64, and reads back', () => {
    const kv = memoryStore();
    const secrets = createSecretStore(kv, fakeSafeStorage(), 'linux');
    secrets.set('stripe.secretKey', 'sk_test_123');
    const stored = kv.get('secret:stripe.secretKey');
    expect(typeof stored).toBe('string');
    expect(stored).not.toContain('sk_test_123');
    expect(Buffer.from(stored as string, 'base64').toString()).toBe('enc(321_tset_ks)');
    expect(secrets.get('stripe.secretKey')).toBe('sk_test_123');
    secrets.delete('stripe.secretKey');
    expect(secrets.get('stripe.secretKey')).toBeNull();
  });

  it('returns null for a secret never set', () => {
    expect(createSecretStore(memoryStore(), fakeSafeStorage(), 'darwin').get('smtp.password')).toBeNull();
  });

  it('refuses to store when encryption is unavailable, and writes nothing', () => {
    const kv = memoryStore();
    const storage = fakeSafeStorage(false);
    const secrets = createSecretStore(kv, storage, 'win32');
    let error: unknown;
    try {
      secrets.set('stripe.secretKey', 'sk_live_abc');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toBe(ENCRYPTION_UNAVAILABLE_MESSAGE);
    expect(kv.get('secret:stripe.secretKey')).toBeUndefined();
    expect(storage.encryptString).not.toHaveBeenCalled();
  });

  it("treats Linux's basic_text backend (a hard-coded key) as unavailable", () => {
    const storage = fakeSafeStorage(true, 'basic_text');
    expect(encryptionAvailable(storage, 'linux')).toBe(false);
    expect(() => createSecretStore(memoryStore(), storage, 'linux').set('a', 'b')).toThrow(AppError);
    expect(encryptionAvailable(storage, 'darwin')).toBe(true);
  });

  it('says so clearly when a stored secret cannot be read', () => {
    const kv = memoryStore({ 'secret:smtp.password': Buffer.from('garbage').toString('base64') });
    const secrets = createSecretStore(kv, fakeSafeStorage(), 'darwin');
    expect(() => secrets.get('smtp.password')).toThrow(/Enter it again/);
    const locked = createSecretStore(kv, fakeSafeStorage(false), 'darwin');
    expect(() => locked.get('smtp.password')).toThrow(ENCRYPTION_UNAVAILABLE_MESSAGE);
  });

  it('refuses odd names and non-string values', () => {
    const secrets = createSecretStore(memoryStore(), fakeSafeStorage(), 'darwin');
    expect(() => secrets.set('', 'x')).toThrow(TypeError);
    expect(() => secrets.set('../x', 'x')).toThrow(TypeError);
    expect(() => secrets.set('ok', 42 as unknown as string)).toThrow(TypeError);
  });
});
