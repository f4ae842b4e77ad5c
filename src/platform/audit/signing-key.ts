import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { keyFilePath, readOrCreateKeyFile } from '../secrets/key-file';
import { keyIdOf, publicKeyText } from './signed-checkpoint';

/**
 * The key that signs audit checkpoints, in the keys folder (`BEFFROI_KEYS_DIR`), never in the
 * database: someone who can rewrite the database cannot sign a checkpoint for the rewritten chain.
 * A PKCS#8 PEM file, created at first start (0600, folder 0700). Losing it does not break the
 * chain; new checkpoints are then signed by a new key, and the verifier names both.
 */
export const CHECKPOINT_KEY_FILE = 'audit-checkpoints.key';

export interface CheckpointSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SubjectPublicKeyInfo (DER), base64: what is published. */
  publicKeyText: string;
  /** SHA-256 (hex) of the SubjectPublicKeyInfo. */
  keyId: string;
  file: string;
}

export function loadCheckpointSigningKey(keysDir: string, onCreate?: (file: string) => void): CheckpointSigningKey {
  const pem = readOrCreateKeyFile(
    keysDir,
    CHECKPOINT_KEY_FILE,
    () => Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, 'utf8'),
    onCreate,
  );
  const file = keyFilePath(keysDir, CHECKPOINT_KEY_FILE);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new Error(`The audit checkpoint key ${file} is not a PEM private key: ${(err as Error).message}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`The audit checkpoint key ${file} is a ${privateKey.asymmetricKeyType} key; an Ed25519 key is expected`);
  }
  const publicKey = createPublicKey(privateKey);
  const text = publicKeyText(publicKey);
  return { privateKey, publicKey, publicKeyText: text, keyId: keyIdOf(text), file };
}
