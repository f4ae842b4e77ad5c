import { describe, expect, it } from 'vitest';
import { planPolisImport, PolisFileError } from './polis-import';

const table = (text: string) => text.split('\n').filter(Boolean).map((line, i) => ({ line: i + 1, cells: line.split(',') }));

describe('Pol.is import plan', () => {
  const comments = table(
    ['timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body', '1,d,0,0,1,0,1,Un', '2,d,1,1,0,1,1,Deux', '3,d,two,1,0,0,1,Trois', '4,d,1,2,0,0,1,Doublon'].join('\n'),
  );
  const votes = table(['timestamp,datetime,comment-id,voter-id,vote', '1,d,0,0,1', '2,d,1,0,-1', '3,d,9,0,1', '4,d,1,1', '5,d,0,1,0'].join('\n'));

  it('reports every malformed row with its file and line, and keeps the valid ones', () => {
    const plan = planPolisImport({ comments, votes });
    expect(plan.problems.map((p) => [p.file, p.line, p.code])).toEqual([
      ['comments.csv', 4, 'unreadable_row'],
      ['comments.csv', 5, 'duplicate_id'],
      ['votes.csv', 4, 'unknown_comment'],
      ['votes.csv', 5, 'row_width'],
    ]);
    expect(plan.comments.rows.map((c) => c.commentId)).toEqual([0, 1]);
    expect(plan.latest).toEqual([
      { participantId: 0, statementId: 0, vote: 1 },
      { participantId: 0, statementId: 1, vote: -1 },
      { participantId: 1, statementId: 0, vote: 0 },
    ]);
  });

  it('refuses a file without its columns', () => {
    expect(() => planPolisImport({ comments: table('a,b\n1,2') })).toThrow(PolisFileError);
  });
});
