/**
 * The agenda part's service: events written by agents (validated topics and zones), OpenAgenda
 * imports (idempotent by uid and timing, one audited transaction), publication with its notice for
 * the alerts (recorded in the same transaction), residents' lists filtered by zone and topic, and
 * their iCalendar export.
 */
import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { recordAudit, type Actor } from '../../../platform/audit/service';
import type { Tx } from '../../../platform/db/client';
import { HttpProblem, notFound } from '../../../platform/http/problem';
import type { AppContext } from '../../../platform/modules';
import { recordNotice, retractNotice } from '../alerts/notices';
import { TOPICS_KEY, type Topic } from '../topics';
import type { AgendaEvent, AgendaFilters, AgendaImportReport, eventBody, eventQuery } from './api-schemas';
import { icalendar } from './ical';
import { mapOpenAgenda, type AgendaEventInput } from './openagenda';
import { parisDayStart } from './paris';
import { agendaEvents } from './schema';
import type { UploadedFile } from '../../../platform/http/multipart';

type Row = typeof agendaEvents.$inferSelect;
type Body = z.output<typeof eventBody>;
type Query = z.output<typeof eventQuery>;

export type { UploadedFile } from '../../../platform/http/multipart';

export const AGENDA_SOURCE = 'communication.agenda';
export const eventPath = (id: string) => `/agenda?evenement=${id}`;

export function toView(r: Row): AgendaEvent {
  return {
    id: r.id,
    title: r.title,
    description: r.description,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt?.toISOString() ?? null,
    allDay: r.allDay,
    place: r.place,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    topics: r.topics,
    zones: r.zones,
    status: r.status,
    source: r.source,
    sourceUrl: r.sourceUrl,
    demo: r.demo,
    updatedAt: r.updatedAt.toISOString(),
  };
}

const paris = (d: Date) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(d);

/** The notice the alerts part delivers for a published event (same transaction as the publication). */
async function notify(ctx: AppContext, tx: Tx, r: Row): Promise<void> {
  await recordNotice(ctx, tx, {
    kind: 'event',
    source: AGENDA_SOURCE,
    sourceId: r.id,
    title: r.title,
    summary: [paris(r.startsAt), r.place].filter(Boolean).join(' — '),
    path: eventPath(r.id),
    topics: r.topics,
    zones: r.zones,
    occurredAt: r.startsAt,
  });
}

async function topicsOf(ctx: AppContext): Promise<Topic[]> {
  return ctx.settings.get<Topic[]>(TOPICS_KEY);
}

async function checkBody(ctx: AppContext, body: Pick<Body, 'topics' | 'zones' | 'startsAt' | 'endsAt'>): Promise<void> {
  const known = new Set((await topicsOf(ctx)).map((t) => t.id));
  const unknownTopic = body.topics.find((t) => !known.has(t));
  if (unknownTopic) throw new HttpProblem(422, 'communication.agenda_unknown_topic', `Unknown topic "${unknownTopic}".`, { params: { topic: unknownTopic } });
  for (const { zoning, code } of body.zones) {
    const zone = `${zoning}:${code}`;
    if (!(await ctx.services.territory.getZone(zoning, code, { geometry: 'none' }))) throw new HttpProblem(422, 'communication.agenda_unknown_zone', `Unknown zone "${zone}".`, { params: { zone } });
  }
  if (body.endsAt && new Date(body.endsAt).getTime() < new Date(body.startsAt).getTime()) throw new HttpProblem(422, 'communication.agenda_end_before_start', 'The event ends before it starts.');
}

function valuesOf(body: Body) {
  return {
    title: body.title,
    description: body.description ?? '',
    startsAt: new Date(body.startsAt),
    endsAt: body.endsAt ? new Date(body.endsAt) : null,
    place: body.place ?? null,
    address: body.address ?? null,
    lat: body.lat ?? null,
    lng: body.lng ?? null,
    topics: [...new Set(body.topics)],
    zones: [...new Set(body.zones.map((z) => `${z.zoning}:${z.code}`))],
  };
}

export async function createEvent(ctx: AppContext, actor: Actor, body: Body): Promise<AgendaEvent> {
  await checkBody(ctx, body);
  const row = await ctx.db.transaction(async (tx) => {
    const now = new Date();
    const [r] = await tx
      .insert(agendaEvents)
      .values({ ...valuesOf(body), status: body.publish ? 'published' : 'draft', publishedAt: body.publish ? now : null, createdBy: actor.id, source: 'agent' })
      .returning();
    await recordAudit(tx, actor, { action: 'communication.event_created', subjectType: 'agenda_event', subjectId: r!.id, before: null, after: { title: r!.title, startsAt: r!.startsAt.toISOString(), status: r!.status } });
    if (r!.status === 'published') await notify(ctx, tx, r!);
    return r!;
  });
  return toView(row);
}

export async function updateEvent(ctx: AppContext, actor: Actor, id: string, body: Body): Promise<AgendaEvent> {
  await checkBody(ctx, body);
  const row = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(agendaEvents).where(eq(agendaEvents.id, id)).for('update');
    if (!before) throw notFound('Event');
    const publish = body.publish && before.status !== 'published';
    const [r] = await tx
      .update(agendaEvents)
      .set({ ...valuesOf(body), updatedAt: new Date(), ...(publish ? { status: 'published' as const, publishedAt: new Date() } : {}) })
      .where(eq(agendaEvents.id, id))
      .returning();
    await recordAudit(tx, actor, {
      action: 'communication.event_updated',
      subjectType: 'agenda_event',
      subjectId: id,
      before: { title: before.title, startsAt: before.startsAt.toISOString(), status: before.status },
      after: { title: r!.title, startsAt: r!.startsAt.toISOString(), status: r!.status },
    });
    if (publish) await notify(ctx, tx, r!);
    return r!;
  });
  return toView(row);
}

export async function setPublished(ctx: AppContext, actor: Actor, id: string, published: boolean): Promise<AgendaEvent> {
  const row = await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(agendaEvents).where(eq(agendaEvents.id, id)).for('update');
    if (!before) throw notFound('Event');
    const status = published ? 'published' : 'draft';
    if (before.status === status) return before;
    const [r] = await tx
      .update(agendaEvents)
      .set({ status, publishedAt: published ? new Date() : null, updatedAt: new Date() })
      .where(eq(agendaEvents.id, id))
      .returning();
    await recordAudit(tx, actor, { action: published ? 'communication.event_published' : 'communication.event_unpublished', subjectType: 'agenda_event', subjectId: id, before: { status: before.status }, after: { status } });
    if (published) await notify(ctx, tx, r!);
    else await retractNotice(ctx, tx, AGENDA_SOURCE, id);
    return r!;
  });
  return toView(row);
}

export async function deleteEvent(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(agendaEvents).where(eq(agendaEvents.id, id)).for('update');
    if (!before) throw notFound('Event');
    await tx.delete(agendaEvents).where(eq(agendaEvents.id, id));
    await retractNotice(ctx, tx, AGENDA_SOURCE, id);
    await recordAudit(tx, actor, { action: 'communication.event_deleted', subjectType: 'agenda_event', subjectId: id, before: { title: before.title, status: before.status }, after: null });
  });
}

export async function adminList(ctx: AppContext): Promise<{ items: AgendaEvent[]; total: number }> {
  const rows = await ctx.db.select().from(agendaEvents).orderBy(asc(agendaEvents.startsAt)).limit(2000);
  return { items: rows.map(toView), total: rows.length };
}

export async function adminEvent(ctx: AppContext, id: string): Promise<AgendaEvent> {
  const [r] = await ctx.db.select().from(agendaEvents).where(eq(agendaEvents.id, id));
  if (!r) throw notFound('Event');
  return toView(r);
}

/** Published events from `from` (an event still running counts), filtered: any of the topics; in one of the zones or for the whole commune. */
export async function publicEvents(ctx: AppContext, q: Query, now = new Date()): Promise<{ items: AgendaEvent[]; total: number }> {
  // Days are Paris days: `from` is 00:00 Paris time that day, `to` runs until 00:00 the day after.
  const from = q.from ? parisDayStart(q.from) : new Date(now.getTime() - 12 * 3600_000);
  const conditions = [eq(agendaEvents.status, 'published'), or(gte(agendaEvents.startsAt, from), and(sql`${agendaEvents.endsAt} is not null`, gte(agendaEvents.endsAt, from)))];
  if (q.to) conditions.push(lt(agendaEvents.startsAt, parisDayStart(q.to, 1)));
  // Topic and zone filters in SQL (jsonb arrays), so that the count and the page are exact.
  const textArray = (values: readonly string[]) => sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]`;
  if (q.topics.length) conditions.push(sql`${agendaEvents.topics} ?| ${textArray(q.topics)}`);
  if (q.zones.length) conditions.push(sql`(${agendaEvents.zones} = '[]'::jsonb OR ${agendaEvents.zones} ?| ${textArray(q.zones)})`);
  const where = and(...conditions);
  const rows = await ctx.db.select().from(agendaEvents).where(where).orderBy(asc(agendaEvents.startsAt), asc(agendaEvents.id)).limit(q.limit).offset(q.offset ?? 0);
  const [counted] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(agendaEvents).where(where);
  return { items: rows.map(toView), total: Number(counted?.n ?? 0) };
}

export async function publicEvent(ctx: AppContext, id: string): Promise<AgendaEvent> {
  const [r] = await ctx.db.select().from(agendaEvents).where(and(eq(agendaEvents.id, id), eq(agendaEvents.status, 'published')));
  if (!r) throw notFound('Event');
  return toView(r);
}

export async function icalOf(ctx: AppContext, q: Query, host: string | null): Promise<string> {
  const { items } = await publicEvents(ctx, { ...q, limit: 500 });
  const topics = new Map((await topicsOf(ctx)).map((t) => [t.id, t.fr]));
  const base = ctx.config.publicUrl ?? (host ? `http://${host}` : null);
  return icalendar(
    items.map((e) => ({
      uid: `${e.id}@beffroi`,
      title: e.title,
      description: e.description,
      startsAt: new Date(e.startsAt),
      endsAt: e.endsAt ? new Date(e.endsAt) : null,
      allDay: e.allDay,
      place: e.place,
      address: e.address,
      lat: e.lat,
      lng: e.lng,
      categories: e.topics.map((t) => topics.get(t) ?? t),
      url: base ? `${base.replace(/\/$/, '')}${eventPath(e.id)}` : null,
      updatedAt: new Date(e.updatedAt),
    })),
    { name: 'Agenda' },
  );
}

export async function agendaFilters(ctx: AppContext): Promise<AgendaFilters> {
  const topics = await topicsOf(ctx);
  const zones: AgendaFilters['zones'] = [];
  for (const zoning of await ctx.services.territory.listZonings()) {
    if (zoning.kind !== 'custom' || zoning.zoneCount > 200) continue;
    for (const z of (await ctx.services.territory.listZones(zoning.code)) ?? []) zones.push({ id: `${zoning.code}:${z.code}`, name: z.name, zoning: zoning.code, zoningLabel: zoning.label });
  }
  return { topics, zones };
}

/** Reads an OpenAgenda JSON export (untrusted: size-limited, strict UTF-8, any parse error a 422). */
export function readJson(file: UploadedFile, limit: number): unknown {
  if (file.bytes.byteLength > limit) throw new HttpProblem(413, 'file.too_large', `The file is larger than ${limit} bytes.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new HttpProblem(422, 'communication.agenda_import_unreadable', 'The file is not UTF-8 JSON.', { params: { reason: 'UTF-8' } });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new HttpProblem(422, 'communication.agenda_import_unreadable', `The file is not JSON: ${(err as Error).message.slice(0, 200)}`, { params: { reason: (err as Error).message.slice(0, 200) } });
  }
}

const same = (r: Row, e: AgendaEventInput) =>
  r.title === e.title &&
  r.description === e.description &&
  r.startsAt.getTime() === e.startsAt.getTime() &&
  r.allDay === e.allDay &&
  (r.endsAt?.getTime() ?? null) === (e.endsAt?.getTime() ?? null) &&
  r.place === e.place &&
  r.address === e.address &&
  r.lat === e.lat &&
  r.lng === e.lng &&
  JSON.stringify(r.topics) === JSON.stringify(e.topics) &&
  r.sourceUrl === e.sourceUrl;

/**
 * Stores mapped events in the caller's transaction: new ones created, changed ones updated, timings
 * gone removed. A timing is matched by its key (uid and start) first; a rescheduled timing (its start
 * moved) is matched by its position among the event's timings, so the row, its id and its links
 * survive: updated in place, not deleted and recreated.
 */
export async function storeImported(
  ctx: AppContext,
  tx: Tx,
  actor: Actor,
  events: readonly AgendaEventInput[],
  opts: { publish: boolean; demo?: boolean },
): Promise<{ created: number; updated: number; removed: number; unchanged: number; updatedIds: string[]; removedIds: string[] }> {
  const counts = { created: 0, updated: 0, removed: 0, unchanged: 0 };
  const updatedIds: string[] = [];
  const uids = [...new Set(events.map((e) => e.sourceUid))];
  const existing = uids.length ? await tx.select().from(agendaEvents).where(inArray(agendaEvents.sourceUid, uids)).for('update') : [];
  const byExternal = new Map(existing.map((r) => [r.externalUid, r]));
  // Pair each timing with a row: same key first, then by position among the uid's remaining timings.
  const matched = new Map<AgendaEventInput, Row>();
  const taken = new Set<string>();
  for (const e of events) {
    const r = byExternal.get(e.externalUid);
    if (r) {
      matched.set(e, r);
      taken.add(r.id);
    }
  }
  for (const uid of uids) {
    const rest = existing.filter((r) => r.sourceUid === uid && !taken.has(r.id)).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const unmatched = events.filter((e) => e.sourceUid === uid && !matched.has(e));
    unmatched.forEach((e, i) => {
      const r = rest[i];
      if (r) {
        matched.set(e, r);
        taken.add(r.id);
      }
    });
  }
  const now = new Date();
  for (const e of events) {
    const r = matched.get(e);
    const values = { title: e.title, description: e.description, startsAt: e.startsAt, endsAt: e.endsAt, allDay: e.allDay, place: e.place, address: e.address, lat: e.lat, lng: e.lng, topics: e.topics, sourceUrl: e.sourceUrl };
    if (!r) {
      const [created] = await tx
        .insert(agendaEvents)
        .values({ ...values, zones: [], source: 'openagenda', sourceUid: e.sourceUid, externalUid: e.externalUid, status: opts.publish ? 'published' : 'draft', publishedAt: opts.publish ? now : null, demo: opts.demo ?? false, createdBy: actor.id })
        .returning();
      counts.created++;
      if (created!.status === 'published') await notify(ctx, tx, created!);
    } else if (r.externalUid === e.externalUid && same(r, e)) counts.unchanged++;
    else {
      await tx.update(agendaEvents).set({ ...values, externalUid: e.externalUid, updatedAt: now }).where(eq(agendaEvents.id, r.id));
      counts.updated++;
      updatedIds.push(r.id);
    }
  }
  const gone = existing.filter((r) => r.externalUid && !taken.has(r.id));
  if (gone.length) {
    await tx.delete(agendaEvents).where(inArray(agendaEvents.id, gone.map((r) => r.id)));
    counts.removed = gone.length;
  }
  return { ...counts, updatedIds, removedIds: gone.map((r) => r.id) };
}

export async function importOpenAgenda(ctx: AppContext, actor: Actor, file: UploadedFile, opts: { publish: boolean }): Promise<AgendaImportReport> {
  const json = readJson(file, ctx.config.uploadLimit);
  const mapped = mapOpenAgenda(json, await topicsOf(ctx));
  if (mapped.events.length === 0) {
    throw new HttpProblem(422, 'communication.agenda_import_empty', 'No event could be read from the file; nothing was imported.', {
      report: { filename: file.filename, items: mapped.items, created: 0, updated: 0, removed: 0, unchanged: 0, problems: mapped.problems },
    });
  }
  const counts = await ctx.db.transaction(async (tx) => {
    const { updatedIds, removedIds, ...c } = await storeImported(ctx, tx, actor, mapped.events, opts);
    // The ids updated and removed, so that the audit trail says which events an import changed.
    await recordAudit(tx, actor, {
      action: 'communication.events_imported',
      subjectType: 'agenda_import',
      subjectId: file.filename,
      before: null,
      after: { format: 'openagenda', items: mapped.items, problems: mapped.problems.length, ...c, updatedIds: updatedIds.slice(0, 1000), removedIds: removedIds.slice(0, 1000) },
    });
    return c;
  });
  return { filename: file.filename, items: mapped.items, ...counts, problems: mapped.problems };
}
