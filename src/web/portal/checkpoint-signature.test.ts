import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkpointStatement as serverStatement,
  keyIdOf,
  publicKeyText,
  signCheckpoint,
  type CheckpointHead,
} from '../../platform/audit/signed-checkpoint';
import type { PublishedCheckpoint } from '../../platform/audit/api-schemas';
import { checkpointStatement, verifyCheckpointSignatures } from './checkpoint-signature';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const text = publicKeyText(publicKey);
  return { privateKey, publicKey: text, keyId: keyIdOf(text) };
}

const HEAD: CheckpointHead = { size: 42, lastEventId: 45, lastHash: 'ab'.repeat(32), signedAt: '2026-03-01T10:00:00.000Z' };

function published(key: ReturnType<typeof keyPair>, id: number, head: CheckpointHead = HEAD): PublishedCheckpoint {
  return { id, reason: 'schedule', ...signCheckpoint(key.privateKey, key.keyId, head) };
}

describe('checkpoint signatures checked in the browser', () => {
  it('signs the same text as the server', () => {
    expect(checkpointStatement(HEAD)).toBe(serverStatement(HEAD));
  });

  it('accepts what the published key signed, from the current key and an older one', async () => {
    const current = keyPair();
    const older = keyPair();
    const doc = {
      keys: [current, older].map(({ keyId, publicKey }) => ({ keyId, publicKey })),
      checkpoints: [published(current, 2), published(older, 1)],
    };
    const statuses = await verifyCheckpointSignatures(doc);
    expect([...statuses]).toEqual([
      [2, 'valid'],
      [1, 'valid'],
    ]);
  });

  it('refuses a changed head, a signature by an unpublished key, and a key published under another id', async () => {
    const key = keyPair();
    const stranger = keyPair();
    const changed = { ...published(key, 1), size: 41 };
    const doc = {
      keys: [
        { keyId: key.keyId, publicKey: key.publicKey },
        // The stranger's id with the key's bytes: the fingerprint gives it away.
        { keyId: stranger.keyId, publicKey: key.publicKey },
      ],
      checkpoints: [changed, published(stranger, 2), { ...published(key, 3), signature: 'not base64!' }],
    };
    const statuses = await verifyCheckpointSignatures(doc);
    expect(statuses.get(1)).toBe('invalid');
    expect(statuses.get(2)).toBe('unknown_key');
    expect(statuses.get(3)).toBe('invalid');
  });

  it('says it could not check when the browser has no Web Crypto', async () => {
    const key = keyPair();
    const statuses = await verifyCheckpointSignatures({ keys: [key], checkpoints: [published(key, 1)] }, null);
    expect(statuses.get(1)).toBe('unverifiable');
  });
});
