/**
 * A Pol.is open-data conversation read row by row from the tables `ctx.files.parse` returned, so
 * that every malformed row is reported with its line (the format core stops at the first one), and
 * what is consistent across the three files is checked: a vote on a comment that is not in
 * `comments.csv`, a comment id given twice. Pure.
 */
import type { TableRow } from '../../platform/files/csv';
import type { FileRefusal } from '../../platform/files/refusal';
import type { Vote } from './opinion/types';
import {
  commentsFromTable,
  latestVotes,
  participantsVotesFromTable,
  votesFromParticipantsVotes,
  votesFromTable,
  type PolisComment,
  type PolisParticipantRow,
  type PolisVoteRow,
} from './polis-format/index';
import type { RowProblem } from './survey';

export type PolisFileName = 'comments.csv' | 'votes.csv' | 'participants-votes.csv';

export interface PolisRowProblem extends RowProblem {
  file: PolisFileName;
}

export interface PolisImportPlan {
  comments: { columns: string[]; rows: PolisComment[] };
  votes: { columns: string[]; rows: PolisVoteRow[] } | null;
  participantsVotes: { columns: string[]; commentIds: number[]; rows: PolisParticipantRow[] } | null;
  /** The votes that count (newest per participant and comment), from votes.csv or else the matrix. */
  latest: Vote[];
  problems: PolisRowProblem[];
  /** Rows read, per file. */
  rows: Record<PolisFileName, number>;
}

/** A file that cannot be read at all (no header, a missing column): thrown, nothing is imported. */
export class PolisFileError extends Error {
  constructor(
    readonly file: PolisFileName,
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'PolisFileError';
  }
}

function isRefusal(err: unknown): err is FileRefusal {
  return err instanceof Error && err.name === 'FileRefusal';
}

/** Parses each row on its own with `parse`, collecting the rows that fail with their line. */
function rowByRow<T>(
  file: PolisFileName,
  rows: readonly TableRow[],
  parse: (header: string[], rows: TableRow[]) => T[],
  problems: PolisRowProblem[],
): { header: string[]; items: { line: number; item: T }[] } {
  const nonEmpty = rows.filter((r) => !(r.cells.length === 1 && r.cells[0] === ''));
  const [first, ...rest] = nonEmpty;
  if (!first) throw new PolisFileError(file, 1, `${file} est vide.`);
  const header = first.cells;
  // The header alone: missing columns make the whole file unreadable.
  try {
    parse(header, []);
  } catch (err) {
    throw new PolisFileError(file, 1, err instanceof Error ? err.message : String(err));
  }
  const items: { line: number; item: T }[] = [];
  for (const row of rest) {
    if (row.cells.length !== header.length) {
      problems.push({ file, line: row.line, column: null, code: 'row_width', message: `La ligne ${row.line} a ${row.cells.length} colonnes au lieu de ${header.length}.` });
      continue;
    }
    try {
      for (const item of parse(header, [row])) items.push({ line: row.line, item });
    } catch (err) {
      if (!isRefusal(err)) throw err;
      problems.push({ file, line: row.line, column: null, code: 'unreadable_row', message: err.message });
    }
  }
  return { header, items };
}

export function planPolisImport(tables: { comments: readonly TableRow[]; votes?: readonly TableRow[] | null; participantsVotes?: readonly TableRow[] | null }): PolisImportPlan {
  const problems: PolisRowProblem[] = [];
  const comments = rowByRow('comments.csv', tables.comments, (header, rows) => commentsFromTable({ header, rows }).comments, problems);
  const seen = new Set<number>();
  const keptComments: PolisComment[] = [];
  for (const { line, item: c } of comments.items) {
    if (seen.has(c.commentId)) {
      problems.push({ file: 'comments.csv', line, column: 'comment-id', code: 'duplicate_id', message: `Commentaire ${c.commentId} en double (ligne ${line}).` });
      continue;
    }
    seen.add(c.commentId);
    keptComments.push(c);
  }

  let votes: PolisImportPlan['votes'] = null;
  if (tables.votes) {
    const read = rowByRow('votes.csv', tables.votes, (header, rows) => votesFromTable({ header, rows }).votes, problems);
    const kept: PolisVoteRow[] = [];
    for (const { line, item: v } of read.items) {
      if (!seen.has(v.commentId)) {
        problems.push({ file: 'votes.csv', line, column: 'comment-id', code: 'unknown_comment', message: `Vote sur le commentaire ${v.commentId}, absent de comments.csv.` });
      } else kept.push(v);
    }
    votes = { columns: read.header, rows: kept };
  }

  let participantsVotes: PolisImportPlan['participantsVotes'] = null;
  if (tables.participantsVotes) {
    let commentIds: number[] = [];
    const read = rowByRow(
      'participants-votes.csv',
      tables.participantsVotes,
      (header, rows) => {
        const file = participantsVotesFromTable({ header, rows });
        commentIds = file.commentIds;
        return file.participants;
      },
      problems,
    );
    const unknown = commentIds.filter((id) => !seen.has(id));
    if (unknown.length) {
      problems.push({
        file: 'participants-votes.csv',
        line: 1,
        column: unknown.map(String).join(', '),
        code: 'unknown_comment',
        message: `Colonnes de commentaires absents de comments.csv : ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? '…' : ''}.`,
      });
    }
    participantsVotes = { columns: read.header, commentIds, rows: read.items.map((r) => r.item) };
  }

  let latest: Vote[] = [];
  if (votes) latest = latestVotes(votes.rows);
  else if (participantsVotes) {
    latest = votesFromParticipantsVotes({ columns: participantsVotes.columns, commentIds: participantsVotes.commentIds, participants: participantsVotes.rows }).filter((v) =>
      seen.has(v.statementId as number),
    );
  }
  const count = (rows: readonly TableRow[] | null | undefined) => Math.max(0, (rows ?? []).filter((r) => !(r.cells.length === 1 && r.cells[0] === '')).length - 1);
  return {
    comments: { columns: comments.header, rows: keptComments },
    votes,
    participantsVotes,
    latest,
    problems: problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    rows: { 'comments.csv': count(tables.comments), 'votes.csv': count(tables.votes), 'participants-votes.csv': count(tables.participantsVotes) },
  };
}
