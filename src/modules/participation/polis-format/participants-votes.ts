/**
 * `participants-votes.csv`: one row per participant — id, sometimes an external `xid`, the opinion
 * group Pol.is put them in (blank when not grouped), how many statements they wrote, how many
 * votes they cast, agrees and disagrees — then one column per statement (headed by its id) with
 * their vote, blank when they did not vote on it.
 */
import type { Id, Vote, VoteValue } from '../opinion/types';
import { refuse } from '../../../platform/files/refusal';
import type { PolisCommentsFile } from './comments';
import { readCsv, readInteger, writeCsv, type CsvTableText } from './csv';

export interface PolisParticipantRow {
  participant: number;
  /** Present when the file has an `xid` column ('' when blank). */
  xid?: string;
  groupId: number | null;
  nComments: number;
  nVotes: number;
  nAgree: number;
  nDisagree: number;
  /** Aligned with the file's `commentIds`; null where the participant did not vote. */
  votes: (VoteValue | null)[];
  extra: Record<string, string>;
}

export interface PolisParticipantsVotesFile {
  columns: string[];
  /** The statement columns, in the header's order. */
  commentIds: number[];
  participants: PolisParticipantRow[];
}

const KNOWN: Record<string, 'participant' | 'xid' | 'groupId' | 'nComments' | 'nVotes' | 'nAgree' | 'nDisagree'> = {
  participant: 'participant',
  xid: 'xid',
  'group-id': 'groupId',
  'n-comments': 'nComments',
  'n-votes': 'nVotes',
  'n-agree': 'nAgree',
  'n-disagree': 'nDisagree',
};
const REQUIRED = ['participant', 'group-id', 'n-comments', 'n-votes', 'n-agree', 'n-disagree'];
const isStatementColumn = (column: string) => /^\d+$/.test(column);

export function parseParticipantsVotesCsv(text: string): PolisParticipantsVotesFile {
  return participantsVotesFromTable(readCsv(text));
}

export function participantsVotesFromTable({ header, rows }: CsvTableText): PolisParticipantsVotesFile {
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length > 0) throw refuse.unreadable(`participants-votes.csv : colonne(s) manquante(s) ${missing.join(', ')}`, 1);
  const statementAt: number[] = [];
  const commentIds: number[] = [];
  header.forEach((column, i) => {
    if (isStatementColumn(column)) {
      statementAt.push(i);
      commentIds.push(readInteger(column, 1, column));
    }
  });
  const participants = rows.map(({ line, cells }): PolisParticipantRow => {
    const row: PolisParticipantRow = { participant: 0, groupId: null, nComments: 0, nVotes: 0, nAgree: 0, nDisagree: 0, votes: [], extra: {} };
    header.forEach((column, i) => {
      if (isStatementColumn(column)) return;
      const field = KNOWN[column];
      const cell = cells[i]!;
      if (!field) row.extra[column] = cell;
      else if (field === 'xid') row.xid = cell;
      else if (field === 'groupId') row.groupId = cell === '' ? null : readInteger(cell, line, column);
      else row[field] = readInteger(cell, line, column);
    });
    row.votes = statementAt.map((i) => {
      const cell = cells[i]!;
      if (cell === '') return null;
      if (cell === '1') return 1;
      if (cell === '-1') return -1;
      if (cell === '0') return 0;
      throw refuse.unreadable(`ligne ${line}, colonne « ${header[i]} » : vote 1, -1, 0 ou vide attendu`, line);
    });
    return row;
  });
  return { columns: header, commentIds, participants };
}

export function serialiseParticipantsVotesCsv(file: PolisParticipantsVotesFile): string {
  const columnOf = new Map(file.commentIds.map((id, i) => [String(id), i] as const));
  return writeCsv(
    file.columns,
    file.participants.map((row) =>
      file.columns.map((column) => {
        const statement = columnOf.get(column);
        if (statement !== undefined) {
          const vote = row.votes[statement];
          return vote === null || vote === undefined ? '' : String(vote);
        }
        const field = KNOWN[column];
        if (!field) return row.extra[column] ?? '';
        if (field === 'xid') return row.xid ?? '';
        if (field === 'groupId') return row.groupId === null ? '' : String(row.groupId);
        return String(row[field]);
      }),
    ),
  );
}

/** The votes the file holds (one per participant and statement, as the matrix has only the newest). */
export function votesFromParticipantsVotes(file: PolisParticipantsVotesFile): Vote[] {
  const votes: Vote[] = [];
  for (const row of file.participants) {
    row.votes.forEach((vote, i) => {
      if (vote !== null) votes.push({ participantId: row.participant, statementId: file.commentIds[i]!, vote });
    });
  }
  return votes;
}

/** Each participant's group as Pol.is exported it (null when not grouped). */
export function exportedGroups(file: PolisParticipantsVotesFile): Map<number, number | null> {
  return new Map(file.participants.map((row) => [row.participant, row.groupId]));
}

/**
 * Builds the file Pol.is would export from the newest votes, the comments (for who wrote what)
 * and a grouping: a column per statement that received a vote, a row per voter, in id order.
 * Participant and statement ids must be numbers, as in the format.
 */
export function buildParticipantsVotes(
  votes: readonly Vote[],
  comments: PolisCommentsFile,
  groupOf: (participant: number) => number | null,
  xidOf?: (participant: number) => string,
): PolisParticipantsVotesFile {
  const asNumber = (id: Id) => {
    if (typeof id !== 'number') throw new TypeError(`Pol.is ids are numbers (got "${id}")`);
    return id;
  };
  const commentIds = [...new Set(votes.map((v) => asNumber(v.statementId)))].sort((a, b) => a - b);
  const columnOf = new Map(commentIds.map((id, i) => [id, i] as const));
  const written = new Map<number, number>();
  for (const c of comments.comments) written.set(c.authorId, (written.get(c.authorId) ?? 0) + 1);
  const rows = new Map<number, PolisParticipantRow>();
  for (const v of votes) {
    const participant = asNumber(v.participantId);
    let row = rows.get(participant);
    if (!row) {
      row = {
        participant,
        ...(xidOf ? { xid: xidOf(participant) } : {}),
        groupId: groupOf(participant),
        nComments: written.get(participant) ?? 0,
        nVotes: 0,
        nAgree: 0,
        nDisagree: 0,
        votes: commentIds.map(() => null),
        extra: {},
      };
      rows.set(participant, row);
    }
    const column = columnOf.get(asNumber(v.statementId))!;
    if (row.votes[column] === null) row.nVotes++;
    else if (row.votes[column] === 1) row.nAgree--;
    else if (row.votes[column] === -1) row.nDisagree--;
    row.votes[column] = v.vote;
    if (v.vote === 1) row.nAgree++;
    else if (v.vote === -1) row.nDisagree++;
  }
  const leading = ['participant', ...(xidOf ? ['xid'] : []), 'group-id', 'n-comments', 'n-votes', 'n-agree', 'n-disagree'];
  return {
    columns: [...leading, ...commentIds.map(String)],
    commentIds,
    participants: [...rows.values()].sort((a, b) => a.participant - b.participant),
  };
}
