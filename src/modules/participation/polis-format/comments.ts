/**
 * `comments.csv`: one row per statement — when it was written, by whom, how many agreed and
 * disagreed, its moderation (-1 moderated out, 0 not moderated yet, 1 accepted) and its text.
 */
import { refuse } from '../../../platform/files/refusal';
import { readCsv, readInteger, requireColumns, writeCsv, type CsvTableText } from './csv';

export type Moderation = -1 | 0 | 1;

export interface PolisComment {
  /** Milliseconds since 1970, and the same instant as the export wrote it out. */
  timestamp: number;
  datetime: string;
  commentId: number;
  authorId: number;
  agrees: number;
  disagrees: number;
  moderated: Moderation;
  body: string;
  /** Columns this reader does not know, kept as they are. */
  extra: Record<string, string>;
}

export interface PolisCommentsFile {
  /** The header as it was, so that the file is written back with its columns in the same order. */
  columns: string[];
  comments: PolisComment[];
}

const KNOWN: Record<string, Exclude<keyof PolisComment, 'extra'>> = {
  timestamp: 'timestamp',
  datetime: 'datetime',
  'comment-id': 'commentId',
  'author-id': 'authorId',
  agrees: 'agrees',
  disagrees: 'disagrees',
  moderated: 'moderated',
  'comment-body': 'body',
};
export const COMMENTS_COLUMNS = Object.keys(KNOWN);

export function parseCommentsCsv(text: string): PolisCommentsFile {
  return commentsFromTable(readCsv(text));
}

export function commentsFromTable({ header, rows }: CsvTableText): PolisCommentsFile {
  const at = requireColumns(header, COMMENTS_COLUMNS, 'comments.csv');
  const known = new Set(COMMENTS_COLUMNS);
  const comments = rows.map(({ line, cells }): PolisComment => {
    const int = (column: string) => readInteger(cells[at.get(column)!]!, line, column);
    const moderated = int('moderated');
    if (moderated !== -1 && moderated !== 0 && moderated !== 1) throw refuse.unreadable(`ligne ${line} : modération -1, 0 ou 1 attendue`, line);
    const extra: Record<string, string> = {};
    header.forEach((column, i) => {
      if (!known.has(column)) extra[column] = cells[i]!;
    });
    return {
      timestamp: int('timestamp'),
      datetime: cells[at.get('datetime')!]!,
      commentId: int('comment-id'),
      authorId: int('author-id'),
      agrees: int('agrees'),
      disagrees: int('disagrees'),
      moderated,
      body: cells[at.get('comment-body')!]!,
      extra,
    };
  });
  return { columns: header, comments };
}

export function serialiseCommentsCsv(file: PolisCommentsFile): string {
  const columns = file.columns.length > 0 ? file.columns : COMMENTS_COLUMNS;
  return writeCsv(
    columns,
    file.comments.map((comment) =>
      columns.map((column) => {
        const field = KNOWN[column];
        return field ? String(comment[field]) : (comment.extra[column] ?? '');
      }),
    ),
  );
}

/** Statements Pol.is leaves out of the groups: those moderated out. */
export function moderatedOutComments(file: PolisCommentsFile): number[] {
  return file.comments.filter((c) => c.moderated === -1).map((c) => c.commentId);
}
