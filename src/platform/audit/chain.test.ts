import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, hashEvent, payloadAroundPrevHash, type ChainedFields } from './chain';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('payloadAroundPrevHash', () => {
  const events: Omit<ChainedFields, 'prevHash'>[] = [
    {
      occurredAt: new Date('2026-03-01T10:00:00.123Z'),
      actorType: 'resident',
      actorId: null,
      action: 'assistant.answer',
      subjectType: 'assistant_message',
      subjectId: '42',
      requestId: 'req-1',
      before: null,
      after: { questionDigest: 'ab'.repeat(32), passageIds: ['p1', 'p2'], decision: 'answered', nested: { z: 1, a: [1, { y: null, b: 'é"\\' }] } },
    },
    {
      occurredAt: new Date(0),
      actorType: 'user',
      actorId: 'u-1',
      action: 'settings.set',
      subjectType: 'setting',
      subjectId: null,
      requestId: null,
      before: { prevHash: 'not the chain field', skipped: undefined },
      after: 'plain \u0000 text with a "prevHash": key-like string',
    },
  ];

  it('gives the same hash as hashEvent once the previous hash is put between its two parts', () => {
    for (const e of events) {
      for (const prevHash of [GENESIS_HASH, sha256('previous')]) {
        const { head, tail } = payloadAroundPrevHash(e);
        expect(sha256(`${head}"${prevHash}"${tail}`)).toBe(hashEvent({ ...e, prevHash }));
      }
    }
  });
});
