import { eq } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../../platform/audit/service';
import type { Db } from '../../../platform/db/client';
import { notFound } from '../../../platform/http/problem';
import { redactPersonalData } from '../../../platform/privacy/redact';
import type { FeedbackTag } from './api-schemas';
import { findMessage } from './repository';
import { assistantFeedback, assistantQuestionLog } from './schema';

// Part of the API: a client offers these tags.
export { FEEDBACK_TAGS, type FeedbackTag } from './api-schemas';

/**
 * Records (or replaces) the resident's feedback on one answer; the question log keeps it past retention.
 * Message ids are sequential, so the conversation id (the resident's capability) must come with them:
 * an answer of another conversation reads as not found, like one that does not exist.
 */
export async function giveFeedback(
  db: Db,
  actor: Actor,
  conversationId: string,
  messageId: number,
  input: { helpful: boolean; tags: FeedbackTag[]; comment?: string | undefined },
): Promise<void> {
  const message = await findMessage(db, messageId);
  if (!message || message.conversationId !== conversationId || message.role !== 'assistant') throw notFound('Answer');
  const tags = [...new Set(input.tags)];
  const comment = input.comment?.trim() ? redactPersonalData(input.comment.trim()).text : null;
  await db.transaction(async (tx) => {
    await tx
      .insert(assistantFeedback)
      .values({ messageId, helpful: input.helpful, tags, comment })
      .onConflictDoUpdate({ target: assistantFeedback.messageId, set: { helpful: input.helpful, tags, comment, createdAt: new Date() } });
    await tx.update(assistantQuestionLog).set({ helpful: input.helpful, feedbackTags: tags }).where(eq(assistantQuestionLog.messageId, messageId));
    await recordAudit(tx, actor, {
      action: 'assistant.feedback',
      subjectType: 'assistant_message',
      subjectId: messageId,
      after: { helpful: input.helpful, tags, hasComment: comment !== null },
    });
  });
}
