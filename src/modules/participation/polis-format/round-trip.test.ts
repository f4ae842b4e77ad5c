/**
 * Lossless round trip on a real conversation read from ../shared (Pol.is open data, CC BY 4.0 —
 * see POLIS_OPEN_DATA_ATTRIBUTION): parsing then writing gives back the same bytes, and the
 * participants' matrix can be rebuilt from votes.csv and comments.csv.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { conversationVotes, parsePolisConversation, serialisePolisConversation } from './conversation';
import { buildParticipantsVotes, exportedGroups, serialiseParticipantsVotesCsv } from './participants-votes';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const folder = resolve(projectRoot, '..', 'shared', 'data', 'participation', 'polis', 'brexit-consensus');
const read = (file: string) => readFileSync(resolve(folder, file), 'utf8');

describe('Pol.is open-data round trip (brexit-consensus)', () => {
  const texts = { comments: read('comments.csv'), votes: read('votes.csv'), participantsVotes: read('participants-votes.csv') };
  const conversation = parsePolisConversation(texts);

  it('writes every file back byte for byte', () => {
    expect(serialisePolisConversation(conversation)).toEqual(texts);
  });

  it('reads the same newest votes from votes.csv as participants-votes.csv holds', () => {
    const fromVotes = conversationVotes(conversation);
    const fromMatrix = conversationVotes({ comments: conversation.comments, participantsVotes: conversation.participantsVotes! });
    const key = (v: { participantId: unknown; statementId: unknown; vote: number }) => `${v.participantId}:${v.statementId}:${v.vote}`;
    expect(new Set(fromVotes.map(key))).toEqual(new Set(fromMatrix.map(key)));
    expect(fromVotes).toHaveLength(5303);
  });

  it('rebuilds participants-votes.csv from the votes, the comments and the groups', () => {
    const groups = exportedGroups(conversation.participantsVotes!);
    const built = buildParticipantsVotes(conversationVotes(conversation), conversation.comments, (p) => groups.get(p) ?? null);
    const original = conversation.participantsVotes!;
    // Same rows; Pol.is lists them in its own order, we list them by id.
    const sortedOriginal = { ...original, participants: [...original.participants].sort((a, b) => a.participant - b.participant) };
    expect(serialiseParticipantsVotesCsv(built)).toBe(serialiseParticipantsVotesCsv(sortedOriginal));
  });
});
