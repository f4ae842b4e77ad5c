/** The back-office dashboard: volumes, decisions, fallbacks, feedback, topics, and the unanswered questions grouped. */
import { and, gte, lt } from 'drizzle-orm';
import type { Db } from '../../../platform/db/client';
import { assistantQuestionLog } from '../conversations/schema';
import { FEEDBACK_TAGS, type Analytics } from '../conversations/api-schemas';
import { groupQuestions } from './group-questions';

export type { Analytics };

const parisDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
const share = (n: number, d: number) => (d ? Math.round((n / d) * 10_000) / 10_000 : 0);

export async function computeAnalytics(db: Db, from: Date, to: Date, titleOf: (documentId: string) => string | null): Promise<Analytics> {
  const rows = await db
    .select({
      askedAt: assistantQuestionLog.askedAt,
      decision: assistantQuestionLog.decision,
      handedOff: assistantQuestionLog.handedOff,
      generation: assistantQuestionLog.generation,
      retrieval: assistantQuestionLog.retrieval,
      helpful: assistantQuestionLog.helpful,
      feedbackTags: assistantQuestionLog.feedbackTags,
      topDocumentId: assistantQuestionLog.topDocumentId,
      question: assistantQuestionLog.questionRedacted,
    })
    .from(assistantQuestionLog)
    .where(and(gte(assistantQuestionLog.askedAt, from), lt(assistantQuestionLog.askedAt, to)));

  const perDay = new Map<string, Analytics['perDay'][number]>();
  const byTag: Record<string, number> = Object.fromEntries(FEEDBACK_TAGS.map((t) => [t, 0]));
  const docs = new Map<string, number>();
  let answered = 0;
  let abstained = 0;
  let handedOff = 0;
  let generationFallbacks = 0;
  let retrievalFallbacks = 0;
  let helpful = 0;
  let notHelpful = 0;
  const unanswered: string[] = [];
  for (const r of rows) {
    const date = parisDay.format(r.askedAt);
    const day = perDay.get(date) ?? { date, questions: 0, answered: 0, abstained: 0, handedOff: 0 };
    perDay.set(date, day);
    day.questions++;
    if (r.decision === 'answered') {
      answered++;
      day.answered++;
    } else {
      abstained++;
      day.abstained++;
      // Past its retention period the question's text is erased: it still counts, but is not shown.
      if (r.question !== null) unanswered.push(r.question);
    }
    if (r.handedOff) {
      handedOff++;
      day.handedOff++;
    }
    if (r.generation === 'rejected' || r.generation === 'error' || r.generation === 'no_answer') generationFallbacks++;
    if (r.retrieval === 'lexical_fallback') retrievalFallbacks++;
    if (r.helpful === true) helpful++;
    if (r.helpful === false) notHelpful++;
    for (const t of (r.feedbackTags ?? []) as string[]) byTag[t] = (byTag[t] ?? 0) + 1;
    if (r.topDocumentId) docs.set(r.topDocumentId, (docs.get(r.topDocumentId) ?? 0) + 1);
  }
  const n = rows.length;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    totals: {
      questions: n,
      answered,
      abstained,
      handedOff,
      answeredShare: share(answered, n),
      abstainedShare: share(abstained, n),
      handedOffShare: share(handedOff, n),
      generationFallbacks,
      retrievalFallbacks,
    },
    perDay: [...perDay.values()].sort((a, b) => a.date.localeCompare(b.date)),
    feedback: { helpful, notHelpful, byTag },
    topDocuments: [...docs]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 10)
      .map(([documentId, count]) => ({ documentId, title: titleOf(documentId), count })),
    unanswered: groupQuestions(unanswered).slice(0, 50),
  };
}
