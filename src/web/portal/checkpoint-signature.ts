import type { CheckpointsDocument, PublishedCheckpoint } from '../../platform/audit/api-schemas';

/**
 * Checks the published checkpoints' signatures in the reader's browser, with the public keys the
 * same document publishes (Web Crypto's Ed25519). It shows that each checkpoint is what the key
 * signed, not that the log still matches it: that takes the journal itself (`npm run audit:verify`).
 *
 * The signed text is the server's `checkpointStatement` (`src/platform/audit/signed-checkpoint.ts`).
 */
export type SignatureStatus =
  | 'valid'
  | 'invalid'
  /** Signed by a key the document does not publish, or whose fingerprint does not match it. */
  | 'unknown_key'
  /** The browser cannot check Ed25519 signatures (an old browser, or a page not served over HTTPS). */
  | 'unverifiable';

const STATEMENT_VERSION = 'beffroi-audit-checkpoint/v1';

export function checkpointStatement(c: Pick<PublishedCheckpoint, 'size' | 'lastEventId' | 'lastHash' | 'signedAt'>): string {
  return [STATEMENT_VERSION, `size ${c.size}`, `last-event-id ${c.lastEventId}`, `last-hash ${c.lastHash}`, `signed-at ${c.signedAt}`, ''].join('\n');
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

function hex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

type KeyState = CryptoKey | 'unknown' | 'unverifiable';

/** The status of each checkpoint of the document, by checkpoint id. */
export async function verifyCheckpointSignatures(
  doc: Pick<CheckpointsDocument, 'keys' | 'checkpoints'>,
  /** Null where the page has no Web Crypto (served over plain HTTP). */
  subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null,
): Promise<Map<number, SignatureStatus>> {
  const out = new Map<number, SignatureStatus>();
  if (!subtle) {
    for (const c of doc.checkpoints) out.set(c.id, 'unverifiable');
    return out;
  }
  const keys = new Map<string, Promise<KeyState>>();
  const keyFor = (keyId: string): Promise<KeyState> => {
    let state = keys.get(keyId);
    if (!state) {
      state = (async (): Promise<KeyState> => {
        const published = doc.keys.find((k) => k.keyId === keyId);
        const der = published ? base64Bytes(published.publicKey) : null;
        if (!der) return 'unknown';
        // The key id is the SHA-256 of the key: a key published under another key's id is not that key.
        if (hex(await subtle.digest('SHA-256', der)) !== keyId) return 'unknown';
        try {
          return await subtle.importKey('spki', der, { name: 'Ed25519' }, false, ['verify']);
        } catch (err) {
          // NotSupportedError: no Ed25519 here; anything else: the published bytes are not an Ed25519 key.
          return (err as DOMException).name === 'NotSupportedError' ? 'unverifiable' : 'unknown';
        }
      })();
      keys.set(keyId, state);
    }
    return state;
  };
  for (const c of doc.checkpoints) {
    const key = await keyFor(c.keyId);
    if (key === 'unknown') out.set(c.id, 'unknown_key');
    else if (key === 'unverifiable') out.set(c.id, 'unverifiable');
    else {
      const signature = base64Bytes(c.signature);
      const valid = signature ? await subtle.verify({ name: 'Ed25519' }, key, signature, new TextEncoder().encode(checkpointStatement(c))).catch(() => false) : false;
      out.set(c.id, valid ? 'valid' : 'invalid');
    }
  }
  return out;
}
