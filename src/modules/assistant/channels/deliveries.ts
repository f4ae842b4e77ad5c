import { and, eq, isNull, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/client';
import { assistantWhatsappDeliveries } from './schema';

/** Meta retries a delivery for days; past this, a message id is not expected again. */
export const DELIVERY_MEMORY_MS = 8 * 24 * 60 * 60_000;
/** A claim this old with no replies is from a process that died while answering: it may be taken over. */
export const STALE_CLAIM_MS = 2 * 60_000;

export type Claim = { kind: 'claimed' } | { kind: 'answered'; replies: string[] } | { kind: 'in_progress' };

/**
 * Takes a message for answering, unless it was already taken: then its stored replies, or
 * nothing while another request is still answering it.
 */
export async function claimDelivery(db: DbOrTx, messageRef: string, now: Date): Promise<Claim> {
  const inserted = await db
    .insert(assistantWhatsappDeliveries)
    .values({ messageRef, claimedAt: now })
    .onConflictDoNothing({ target: assistantWhatsappDeliveries.messageRef })
    .returning({ messageRef: assistantWhatsappDeliveries.messageRef });
  if (inserted.length) return { kind: 'claimed' };
  const [row] = await db.select().from(assistantWhatsappDeliveries).where(eq(assistantWhatsappDeliveries.messageRef, messageRef));
  if (row?.replies) return { kind: 'answered', replies: row.replies };
  const takenOver = await db
    .update(assistantWhatsappDeliveries)
    .set({ claimedAt: now })
    .where(
      and(
        eq(assistantWhatsappDeliveries.messageRef, messageRef),
        isNull(assistantWhatsappDeliveries.replies),
        lt(assistantWhatsappDeliveries.claimedAt, new Date(now.getTime() - STALE_CLAIM_MS)),
      ),
    )
    .returning({ messageRef: assistantWhatsappDeliveries.messageRef });
  return takenOver.length ? { kind: 'claimed' } : { kind: 'in_progress' };
}

export async function completeDelivery(db: DbOrTx, messageRef: string, conversationId: string | null, replies: string[]): Promise<void> {
  await db
    .update(assistantWhatsappDeliveries)
    .set({ conversationId, replies })
    .where(eq(assistantWhatsappDeliveries.messageRef, messageRef));
}

/** Lets a retry answer a message whose first attempt failed. */
export async function releaseDelivery(db: DbOrTx, messageRef: string): Promise<void> {
  await db
    .delete(assistantWhatsappDeliveries)
    .where(and(eq(assistantWhatsappDeliveries.messageRef, messageRef), isNull(assistantWhatsappDeliveries.replies)));
}

export async function forgetOldDeliveries(db: DbOrTx, now: Date): Promise<void> {
  await db.delete(assistantWhatsappDeliveries).where(lt(assistantWhatsappDeliveries.claimedAt, new Date(now.getTime() - DELIVERY_MEMORY_MS)));
}
