import { describe, expect, it } from 'vitest';
import { FileRefusal } from '../../../platform/files/refusal';
import { moderatedOutComments, parseCommentsCsv, serialiseCommentsCsv } from './comments';
import {
  buildParticipantsVotes,
  exportedGroups,
  parseParticipantsVotesCsv,
  serialiseParticipantsVotesCsv,
  votesFromParticipantsVotes,
} from './participants-votes';
import { latestVotes, parseVotesCsv, serialiseVotesCsv, votesInTimeOrder } from './votes';

// A tiny hand-written conversation in the export's format (quoted commas, quotes, a line break).
const COMMENTS = `timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body
1500000000000,Fri Jul 14 02:40:00 UTC 2017,0,0,1,1,1,"Buses, not cars"
1500000001000,Fri Jul 14 02:40:01 UTC 2017,1,2,1,0,-1,"He said ""no""
then left"
1500000002000,Fri Jul 14 02:40:02 UTC 2017,2,0,0,0,0,Plain text
`;
const VOTES = `timestamp,datetime,comment-id,voter-id,vote
1500000003000,Fri Jul 14 02:40:03 UTC 2017,0,1,1
1500000004000,Fri Jul 14 02:40:04 UTC 2017,0,2,-1
1500000005000,Fri Jul 14 02:40:05 UTC 2017,1,1,0
1500000009000,Fri Jul 14 02:40:09 UTC 2017,0,2,1
1500000006000,Fri Jul 14 02:40:06 UTC 2017,1,2,1
1500000007000,Fri Jul 14 02:40:07 UTC 2017,0,1,-1
`;
const PARTICIPANTS = `participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,0,1
1,,0,0,2,0,1,-1,0
2,ext-2,,1,2,2,0,1,1
`;

describe('comments.csv', () => {
  it('parses the fields and writes the file back byte for byte', () => {
    const file = parseCommentsCsv(COMMENTS);
    expect(file.comments).toHaveLength(3);
    expect(file.comments[1]).toMatchObject({ commentId: 1, authorId: 2, moderated: -1, body: 'He said "no"\nthen left' });
    expect(file.comments[0]!.body).toBe('Buses, not cars');
    expect(moderatedOutComments(file)).toEqual([1]);
    expect(serialiseCommentsCsv(file)).toBe(COMMENTS);
  });

  it('keeps columns it does not know', () => {
    const text = COMMENTS.replace('comment-body\n', 'comment-body,is-seed\n').replace('not cars"\n', 'not cars",true\n').replace('\nthen left"\n', '\nthen left",\n').replace('Plain text\n', 'Plain text,false\n');
    const file = parseCommentsCsv(text);
    expect(file.comments[0]!.extra).toEqual({ 'is-seed': 'true' });
    expect(serialiseCommentsCsv(file)).toBe(text);
  });

  it('refuses a file without the expected columns, or with a bad moderation', () => {
    expect(() => parseCommentsCsv('a,b\n1,2\n')).toThrow(FileRefusal);
    const bad = COMMENTS.replace(',1,"Buses', ',7,"Buses');
    expect(() => parseCommentsCsv(bad)).toThrow(/ligne 2/);
  });
});

describe('votes.csv', () => {
  it('round-trips, and keeps only the newest vote per voter and comment', () => {
    const file = parseVotesCsv(VOTES);
    expect(serialiseVotesCsv(file)).toBe(VOTES);
    expect(latestVotes(file.votes)).toEqual([
      { participantId: 1, statementId: 0, vote: -1 },
      { participantId: 2, statementId: 0, vote: 1 },
      { participantId: 1, statementId: 1, vote: 0 },
      { participantId: 2, statementId: 1, vote: 1 },
    ]);
    expect(votesInTimeOrder(file.votes).map((v) => v.timestamp)).toEqual([...file.votes.map((v) => v.timestamp)].sort());
  });

  it('refuses a vote that is not 1, -1 or 0', () => {
    expect(() => parseVotesCsv(VOTES.replace(',0,2,-1\n', ',0,2,2\n'))).toThrow(FileRefusal);
    expect(() => parseVotesCsv(VOTES.replace(',0,1,1\n', ',0,1,+1\n'))).toThrow(/nombre entier/);
  });
});

describe('participants-votes.csv', () => {
  it('parses groups (blank when not grouped), xid and the vote matrix, and writes it back', () => {
    const file = parseParticipantsVotesCsv(PARTICIPANTS);
    expect(file.commentIds).toEqual([0, 1]);
    expect(file.participants[0]).toMatchObject({ participant: 1, xid: '', groupId: 0, nVotes: 2, votes: [-1, 0] });
    expect(file.participants[1]).toMatchObject({ participant: 2, xid: 'ext-2', groupId: null, votes: [1, 1] });
    expect([...exportedGroups(file)]).toEqual([
      [1, 0],
      [2, null],
    ]);
    expect(serialiseParticipantsVotesCsv(file)).toBe(PARTICIPANTS);
    expect(votesFromParticipantsVotes(file)).toHaveLength(4);
  });

  it('is what the votes and comments give, as Pol.is builds it', () => {
    const built = buildParticipantsVotes(
      latestVotes(parseVotesCsv(VOTES).votes),
      parseCommentsCsv(COMMENTS),
      (p) => (p === 1 ? 0 : null),
      (p) => (p === 2 ? 'ext-2' : ''),
    );
    expect(serialiseParticipantsVotesCsv(built)).toBe(PARTICIPANTS);
  });

  it('refuses a cell that is not a vote', () => {
    expect(() => parseParticipantsVotesCsv(PARTICIPANTS.replace('-1,0\n', 'x,0\n'))).toThrow(/ligne 2/);
  });
});
