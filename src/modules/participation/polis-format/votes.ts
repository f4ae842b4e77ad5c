/**
 * `votes.csv`: every vote cast, in the export's order, a changed vote appearing once per change
 * (1 agree, -1 disagree, 0 pass). Only the newest vote per (voter, comment) counts.
 */
import type { Vote, VoteValue } from '../opinion/types';
import { refuse } from '../../../platform/files/refusal';
import { readCsv, readInteger, requireColumns, writeCsv, type CsvTableText } from './csv';

export interface PolisVoteRow {
  timestamp: number;
  datetime: string;
  commentId: number;
  voterId: number;
  vote: VoteValue;
  extra: Record<string, string>;
}

export interface PolisVotesFile {
  columns: string[];
  votes: PolisVoteRow[];
}

const KNOWN: Record<string, Exclude<keyof PolisVoteRow, 'extra'>> = {
  timestamp: 'timestamp',
  datetime: 'datetime',
  'comment-id': 'commentId',
  'voter-id': 'voterId',
  vote: 'vote',
};
export const VOTES_COLUMNS = Object.keys(KNOWN);

export function parseVotesCsv(text: string): PolisVotesFile {
  return votesFromTable(readCsv(text));
}

export function votesFromTable({ header, rows }: CsvTableText): PolisVotesFile {
  const at = requireColumns(header, VOTES_COLUMNS, 'votes.csv');
  const known = new Set(VOTES_COLUMNS);
  const extraColumns = header.map((column, i) => [column, i] as const).filter(([column]) => !known.has(column));
  const timestampAt = at.get('timestamp')!;
  const datetimeAt = at.get('datetime')!;
  const commentAt = at.get('comment-id')!;
  const voterAt = at.get('voter-id')!;
  const voteAt = at.get('vote')!;
  const votes = rows.map(({ line, cells }): PolisVoteRow => {
    const vote = readInteger(cells[voteAt]!, line, 'vote');
    if (vote !== 1 && vote !== -1 && vote !== 0) throw refuse.unreadable(`ligne ${line} : vote 1, -1 ou 0 attendu`, line);
    const extra: Record<string, string> = {};
    for (const [column, i] of extraColumns) extra[column] = cells[i]!;
    return {
      timestamp: readInteger(cells[timestampAt]!, line, 'timestamp'),
      datetime: cells[datetimeAt]!,
      commentId: readInteger(cells[commentAt]!, line, 'comment-id'),
      voterId: readInteger(cells[voterAt]!, line, 'voter-id'),
      vote,
      extra,
    };
  });
  return { columns: header, votes };
}

export function serialiseVotesCsv(file: PolisVotesFile): string {
  const columns = file.columns.length > 0 ? file.columns : VOTES_COLUMNS;
  return writeCsv(
    columns,
    file.votes.map((vote) =>
      columns.map((column) => {
        const field = KNOWN[column];
        return field ? String(vote[field]) : (vote.extra[column] ?? '');
      }),
    ),
  );
}

/**
 * The vote that counts for each (voter, comment): the newest; between two of the same instant,
 * the later row. Returned in the order of the first vote on each pair.
 */
export function latestVotes(rows: readonly PolisVoteRow[]): Vote[] {
  const latest = new Map<string, { row: PolisVoteRow; order: number }>();
  rows.forEach((row, order) => {
    const key = `${row.voterId}:${row.commentId}`;
    const known = latest.get(key);
    if (!known) latest.set(key, { row, order });
    else if (row.timestamp >= known.row.timestamp) latest.set(key, { row, order: known.order });
  });
  return [...latest.values()]
    .sort((a, b) => a.order - b.order)
    .map(({ row }) => ({ participantId: row.voterId, statementId: row.commentId, vote: row.vote }));
}

/** Votes in the order they were cast (ties kept in file order), for replaying a conversation. */
export function votesInTimeOrder(rows: readonly PolisVoteRow[]): PolisVoteRow[] {
  return rows
    .map((row, order) => ({ row, order }))
    .sort((a, b) => a.row.timestamp - b.row.timestamp || a.order - b.order)
    .map(({ row }) => row);
}
