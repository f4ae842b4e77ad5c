/**
 * News written by agents: drafts, then published with their topics and neighbourhoods; publishing
 * records a notice (in the same transaction), so that the subscriptions it is for receive it.
 */
import { desc, eq } from 'drizzle-orm';
import { recordAudit, type Actor } from '../../../platform/audit/service';
import type { DbOrTx } from '../../../platform/db/client';
import { HttpProblem } from '../../../platform/http/problem';
import type { AppContext } from '../../../platform/modules';
import { checkScope } from './subscriptions';
import { storeNotice } from './delivery';
import { updateNotice } from './notices';
import { communicationNews } from './schema';

export interface NewsInput {
  title: string;
  body: string;
  topics: string[];
  zones: string[];
}

export interface NewsView {
  id: string;
  title: string;
  body: string;
  topics: string[];
  zones: string[];
  status: 'draft' | 'published';
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type NewsRow = typeof communicationNews.$inferSelect;

const toView = (r: NewsRow): NewsView => ({
  id: r.id,
  title: r.title,
  body: r.body,
  topics: r.topics,
  zones: r.zones,
  status: r.status,
  publishedAt: r.publishedAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export const NEWS_SOURCE = 'communication.news';
export const newsPath = (id: string) => `/actualites/${id}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const notFound = () => new HttpProblem(404, 'communication.news_not_found', 'No such news item.');

async function load(db: DbOrTx, id: string, forUpdate = false): Promise<NewsRow> {
  if (!UUID.test(id)) throw notFound();
  const q = db.select().from(communicationNews).where(eq(communicationNews.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/** First lines of the body, for the notice's summary. */
export function summaryOf(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

export async function createNews(ctx: AppContext, actor: Actor, input: NewsInput): Promise<NewsView> {
  const scope = await checkScope(ctx, { ...input, wholeCommune: input.zones.length === 0 }, { requirePlace: false });
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(communicationNews)
      .values({ title: input.title, body: input.body, topics: scope.topics, zones: scope.zones, createdBy: actor.id })
      .returning();
    await recordAudit(tx, actor, { action: 'communication.news_created', subjectType: 'communication_news', subjectId: row!.id, after: { title: input.title, topics: scope.topics, zones: scope.zones } });
    return toView(row!);
  });
}

export async function updateNews(ctx: AppContext, actor: Actor, id: string, input: Partial<NewsInput>): Promise<NewsView> {
  const before = await load(ctx.db, id);
  const scope = await checkScope(ctx, { topics: input.topics ?? before.topics, zones: input.zones ?? before.zones, wholeCommune: false }, { requirePlace: false });
  return ctx.db.transaction(async (tx) => {
    const current = await load(tx, id, true);
    if (current.status === 'published' && (input.topics || input.zones)) {
      throw new HttpProblem(409, 'communication.news_published', 'A published news item keeps its topics and neighbourhoods (its alerts went out).');
    }
    const [row] = await tx
      .update(communicationNews)
      .set({ title: input.title ?? current.title, body: input.body ?? current.body, topics: scope.topics, zones: scope.zones, updatedAt: new Date() })
      .where(eq(communicationNews.id, id))
      .returning();
    await recordAudit(tx, actor, { action: 'communication.news_updated', subjectType: 'communication_news', subjectId: id, before: { title: current.title }, after: { title: row!.title } });
    // Published: the messages not sent yet carry the corrected title and summary.
    if (row!.status === 'published') await updateNotice(ctx, tx, NEWS_SOURCE, id, { title: row!.title, summary: summaryOf(row!.body) });
    return toView(row!);
  });
}

/** Publishes a draft and records its notice, in one transaction. Publishing twice is refused. */
export async function publishNews(ctx: AppContext, actor: Actor, id: string): Promise<NewsView> {
  return ctx.db.transaction(async (tx) => {
    const current = await load(tx, id, true);
    if (current.status === 'published') throw new HttpProblem(409, 'communication.news_published', 'This news item is already published.');
    const now = new Date();
    const [row] = await tx.update(communicationNews).set({ status: 'published', publishedAt: now, updatedAt: now }).where(eq(communicationNews.id, id)).returning();
    await storeNotice(ctx, tx, {
      kind: 'news',
      source: NEWS_SOURCE,
      sourceId: id,
      title: row!.title,
      summary: summaryOf(row!.body),
      path: newsPath(id),
      topics: row!.topics,
      zones: row!.zones,
      occurredAt: now,
    });
    await recordAudit(tx, actor, { action: 'communication.news_published', subjectType: 'communication_news', subjectId: id });
    return toView(row!);
  });
}

export async function listNews(ctx: AppContext, opts: { publishedOnly: boolean; limit?: number }): Promise<NewsView[]> {
  const rows = await ctx.db
    .select()
    .from(communicationNews)
    .where(opts.publishedOnly ? eq(communicationNews.status, 'published') : undefined)
    .orderBy(desc(communicationNews.publishedAt), desc(communicationNews.createdAt))
    .limit(opts.limit ?? 100);
  return rows.map(toView);
}

export async function getNews(ctx: AppContext, id: string, opts: { publishedOnly: boolean }): Promise<NewsView> {
  const row = await load(ctx.db, id);
  if (opts.publishedOnly && row.status !== 'published') throw notFound();
  return toView(row);
}


