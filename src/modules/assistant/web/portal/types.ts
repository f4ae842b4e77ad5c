/**
 * The assistant's public API as the SPA and the widget read it: its types come from the server's
 * schemas (`conversations/api-schemas.ts`, `knowledge/api-schemas.ts`: see /api/docs, tag
 * `assistant`), so a changed field breaks the build. The few values a client needs are written
 * here, typed by the server's own constants so that they cannot drift either.
 */
import type {
  FEEDBACK_TAGS_NEGATIVE as SERVER_TAGS_NEGATIVE,
  FEEDBACK_TAGS_POSITIVE as SERVER_TAGS_POSITIVE,
  MAX_QUESTION_CHARS as SERVER_MAX_QUESTION_CHARS,
} from '../../conversations/api-schemas';

export type {
  AiNotice,
  AssistantAnswer,
  AssistantLanguage,
  Citation,
  ConversationStarted,
  FeedbackBody,
  FeedbackTag,
  HandoffBody,
  HandoffResult,
  ResidentTicket,
  Suggestion,
  TicketStatus,
  Transcript,
  TranscriptMessage,
} from '../../conversations/api-schemas';
export type { CitedDocument } from '../../knowledge/api-schemas';

export const FEEDBACK_TAGS_POSITIVE: typeof SERVER_TAGS_POSITIVE = ['clear', 'complete', 'reliable_sources'];
export const FEEDBACK_TAGS_NEGATIVE: typeof SERVER_TAGS_NEGATIVE = ['wrong', 'missing_sources', 'too_long', 'out_of_date'];

export const MAX_QUESTION_CHARS: typeof SERVER_MAX_QUESTION_CHARS = 2000;

/** Path of the source viewer for a citation; the SPA route and the widget both link to it. */
export function sourcePath(c: { documentId: string; start?: number; end?: number; versionId?: string }): string {
  const params = new URLSearchParams();
  if (c.start !== undefined && c.end !== undefined) {
    params.set('start', String(c.start));
    params.set('end', String(c.end));
  }
  if (c.versionId) params.set('version', c.versionId);
  const qs = params.toString();
  return `/assistant/sources/${encodeURIComponent(c.documentId)}${qs ? `?${qs}` : ''}`;
}

/** Path of the resident's follow-up page for a ticket. */
export function ticketPath(code: string, token: string): string {
  return `/assistant/suivi/${encodeURIComponent(code)}?token=${encodeURIComponent(token)}`;
}

/**
 * Extractive answers quote the documents' Markdown verbatim: `**bold**` becomes runs of
 * strong text and `[label](url)` keeps its label, so residents never see the syntax.
 */
export function inlineRuns(text: string): { text: string; strong: boolean }[] {
  const plain = text.replace(/\[([^\]\n]+)\]\([^)\s]+\)/g, '$1');
  const runs: { text: string; strong: boolean }[] = [];
  plain.split('**').forEach((part, i) => {
    if (part) runs.push({ text: part, strong: i % 2 === 1 });
  });
  return runs;
}
