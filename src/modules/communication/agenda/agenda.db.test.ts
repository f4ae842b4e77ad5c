/**
 * The agenda part through the HTTP API, on both backends: the demo seeded (Albi's past events and
 * upcoming examples); agents create events with topics and zones checked, publish them (audited,
 * with a notice recorded in the same transaction); residents list upcoming events filtered by zone
 * and topic, and get them as iCalendar; OpenAgenda imports report bad items and re-import without
 * duplicating.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryRows } from '../../../platform/db/client';
import { SHARED_DATA_DIR } from '../../../platform/files/testing/fixtures';
import * as notices from '../alerts/notices';
import { staff, startAgendaApp, type TestServer } from './testing/app';

let server: TestServer;
let agent: ReturnType<typeof staff>;
let visitor: ReturnType<typeof staff>;
const db = () => server.beffroi.ctx.db;
const ALBI = fs.readFileSync(path.join(SHARED_DATA_DIR, 'communication/events-albi/events.json'));
const recorded = vi.spyOn(notices, 'recordNotice');

beforeAll(async () => {
  server = await startAgendaApp();
  agent = staff(server.baseUrl, 'agent');
  visitor = staff(server.baseUrl, null);
});
afterAll(async () => {
  await server?.close();
});

const count = async (where = sql`true`) => Number((await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM communication_agenda_events WHERE ${where}`))[0]!.n);
const auditCount = async (action: string) => Number((await queryRows<{ n: number }>(db(), sql`SELECT count(*)::int AS n FROM audit_events WHERE action = ${action}`))[0]!.n);
const inDays = (d: number, hour = 18) => {
  const x = new Date(Date.now() + d * 86_400_000);
  x.setUTCHours(hour, 0, 0, 0);
  return x.toISOString();
};

describe('demo', () => {
  it('seeds the Albi events (past) and upcoming examples', async () => {
    expect(await count(sql`source = 'openagenda' AND demo`)).toBeGreaterThan(75);
    const upcoming = (await visitor.get('/api/agenda/events')).body;
    expect(upcoming.items.map((e: { title: string }) => e.title)).toEqual(['Conseil municipal (exemple)', 'Atelier compostage au jardin partagé (exemple)', 'Tournoi de basket des quartiers (exemple)']);
    const past = (await visitor.get('/api/agenda/events?from=2023-11-01&to=2023-11-30')).body;
    expect(past.items.some((e: { title: string }) => e.title === 'La Brocante du samedi')).toBe(true);
    const filters = (await visitor.get('/api/agenda/filters')).body;
    expect(filters.topics.length).toBeGreaterThan(5);
    expect(filters.zones.map((z: { id: string }) => z.id)).toContain('secteurs-demo:SD1');
  });
});

describe('agents', () => {
  it('create an event with checked topics and zones; publishing is audited and notified in the transaction', async () => {
    const bad = await agent.post('/api/admin/agenda/events', { title: 'X', startsAt: inDays(3), topics: ['inconnu'] }, { 'accept-language': 'fr' });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toBe('Le thème « inconnu » n’existe pas.');
    expect((await agent.post('/api/admin/agenda/events', { title: 'X', startsAt: inDays(3), zones: [{ zoning: 'secteurs-demo', code: 'NOPE' }] })).body.code).toBe('communication.agenda_unknown_zone');
    expect((await agent.post('/api/admin/agenda/events', { title: 'X', startsAt: inDays(3), endsAt: inDays(2) })).body.code).toBe('communication.agenda_end_before_start');

    recorded.mockClear();
    const res = await agent.post('/api/admin/agenda/events', { title: 'Fête du quartier nord', description: 'Musique, jeux', startsAt: inDays(5), endsAt: inDays(5, 22), place: 'Place du marché', topics: ['culture'], zones: [{ zoning: 'secteurs-demo', code: 'SD1' }] });
    expect(res.status, res.text).toBe(201);
    expect(res.body.status).toBe('draft');
    expect(recorded).not.toHaveBeenCalled();
    expect((await visitor.get(`/api/agenda/events/${res.body.id}`)).status).toBe(404);
    const pub = await agent.post(`/api/admin/agenda/events/${res.body.id}/publish`, { published: true });
    expect(pub.body.status).toBe('published');
    expect(recorded).toHaveBeenCalledTimes(1);
    expect(recorded.mock.calls[0]![2]).toMatchObject({ kind: 'event', source: 'communication.agenda', sourceId: res.body.id, title: 'Fête du quartier nord', topics: ['culture'], zones: ['secteurs-demo:SD1'] });
    expect(recorded.mock.calls[0]![2].summary).toContain('Place du marché');
    expect(await auditCount('communication.event_published')).toBe(1);

    // A notice that fails rolls the publication back (same transaction).
    recorded.mockRejectedValueOnce(new Error('alerts down'));
    const other = await agent.post('/api/admin/agenda/events', { title: 'Brocante', startsAt: inDays(6), topics: [], zones: [] });
    expect((await agent.post(`/api/admin/agenda/events/${other.body.id}/publish`, { published: true })).status).toBe(500);
    expect((await agent.get(`/api/admin/agenda/events/${other.body.id}`)).body.status).toBe('draft');
  });

  it('residents filter by zone and topic: an event of another zone is hidden, one for the whole commune shown', async () => {
    await agent.post('/api/admin/agenda/events', { title: 'Réunion secteur 2', startsAt: inDays(4), topics: ['participation'], zones: [{ zoning: 'secteurs-demo', code: 'SD2' }], publish: true });
    const sd1 = (await visitor.get('/api/agenda/events?zones=secteurs-demo:SD1')).body.items.map((e: { title: string }) => e.title);
    expect(sd1).toContain('Fête du quartier nord');
    expect(sd1).toContain('Conseil municipal (exemple)');
    expect(sd1).not.toContain('Réunion secteur 2');
    const culture = (await visitor.get('/api/agenda/events?topics=culture,sport')).body.items.map((e: { title: string }) => e.title);
    expect(culture).toEqual(['Fête du quartier nord', 'Tournoi de basket des quartiers (exemple)']);
    expect((await visitor.get('/api/agenda/events?zones=pas une zone')).status).toBe(400);
    expect((await visitor.get('/api/agenda/events?zones=inconnu:Z9')).body.items.every((e: { zones: string[] }) => e.zones.length === 0)).toBe(true);
  });

  it('filters by Paris days: an event at 00:30 Paris time belongs to that day, not the UTC one before; pages are counted in SQL', async () => {
    // 2030-06-14T22:30Z is 00:30 on the 15th in Paris (CEST); 2030-12-15T23:30Z is 00:30 on the 16th (CET).
    await agent.post('/api/admin/agenda/events', { title: 'Bal de minuit', startsAt: '2030-06-14T22:30:00.000Z', endsAt: '2030-06-14T23:30:00.000Z', publish: true });
    await agent.post('/api/admin/agenda/events', { title: 'Veillée d’hiver', startsAt: '2030-12-15T23:30:00.000Z', publish: true });
    const titles = async (query: string) => (await visitor.get(`/api/agenda/events?${query}`)).body.items.map((e: { title: string }) => e.title);
    expect(await titles('from=2030-06-15&to=2030-06-15')).toEqual(['Bal de minuit']);
    expect(await titles('from=2030-06-14&to=2030-06-14')).toEqual([]);
    expect(await titles('from=2030-12-16&to=2030-12-16')).toEqual(['Veillée d’hiver']);
    expect(await titles('from=2030-12-15&to=2030-12-15')).toEqual([]);
    const page = (await visitor.get('/api/agenda/events?from=2030-01-01&to=2030-12-31&limit=1&offset=1')).body;
    expect(page).toMatchObject({ total: 2, items: [{ title: 'Veillée d’hiver' }] });
  });

  it('serves the selection as iCalendar', async () => {
    const res = await visitor.get('/api/agenda/events.ics?topics=culture');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/calendar');
    if (!server.beffroi.ctx.config.publicUrl) {
      expect(res.headers.get('vary')).toMatch(/host/i);
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
    expect(res.text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(res.text).toContain('SUMMARY:Fête du quartier nord');
    expect(res.text).toContain('DESCRIPTION:Musique\\, jeux');
    expect(res.text).not.toContain('Conseil municipal');
    expect(res.text.match(/BEGIN:VEVENT/g)).toHaveLength(1);
  });
});

describe('OpenAgenda import', () => {
  const upload = (data: string | Buffer, name = 'events.json') => agent.upload('/api/admin/agenda/import', { file: { name, type: 'application/json', data } });

  it('re-importing the same export changes nothing; bad items are reported', async () => {
    const before = await count();
    recorded.mockClear();
    const res = await upload(ALBI);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ items: 75, created: 0, removed: 0, problems: [] });
    expect(res.body.unchanged).toBeGreaterThan(75);
    expect(await count()).toBe(before);
    expect(recorded).not.toHaveBeenCalled();

    const json = JSON.parse(ALBI.toString('utf8'));
    json[0].title = { fr: 'La Brocante du samedi matin' };
    json[1].timings = [];
    json.push({ uid: 999_001, title: { fr: 'Nouveau marché' }, timings: [{ begin: inDays(9), end: inDays(9, 20) }], location: { name: 'Halle' } });
    const again = await upload(JSON.stringify(json));
    expect(again.body).toMatchObject({ items: 76, created: 1, updated: 1 });
    expect(again.body.problems).toEqual([{ index: 1, uid: String(json[1].uid), reason: 'Aucun horaire (timings).' }]);
    expect(recorded).toHaveBeenCalledTimes(1);
    expect((await visitor.get('/api/agenda/events')).body.items.map((e: { title: string }) => e.title)).toContain('Nouveau marché');
    expect(await auditCount('communication.events_imported')).toBe(2);

    // A rescheduled event keeps its row (and id): matched by uid and timing position, updated in place.
    const uid = String(json[2].uid);
    const rowsOf = () => queryRows<{ id: string; starts_at: Date }>(db(), sql`SELECT id, starts_at FROM communication_agenda_events WHERE source_uid = ${uid} ORDER BY starts_at`);
    const beforeRows = await rowsOf();
    const moved = (iso: string) => new Date(new Date(iso).getTime() + 86_400_000).toISOString();
    json[2].timings = json[2].timings.map((t: { begin: string; end: string }) => ({ begin: moved(t.begin), end: moved(t.end) }));
    const total = await count();
    const rescheduled = await upload(JSON.stringify(json));
    expect(rescheduled.body).toMatchObject({ created: 0, removed: 0, updated: beforeRows.length });
    expect(await count()).toBe(total);
    const afterRows = await rowsOf();
    expect(afterRows.map((r) => r.id)).toEqual(beforeRows.map((r) => r.id));
    expect(new Date(afterRows[0]!.starts_at).getTime() - new Date(beforeRows[0]!.starts_at).getTime()).toBe(86_400_000);
    const [audit] = await queryRows<{ after: { updatedIds: string[]; removedIds: string[] } }>(db(), sql`SELECT after FROM audit_events WHERE action = 'communication.events_imported' ORDER BY id DESC LIMIT 1`);
    expect(audit!.after.updatedIds.sort()).toEqual(beforeRows.map((r) => r.id).sort());
    expect(audit!.after.removedIds).toEqual([]);
  });

  it('refuses a file that is not JSON, or has no event, storing nothing', async () => {
    const before = await count();
    const notJson = await upload('{"events": [', 'x.json');
    expect(notJson.status).toBe(422);
    expect(notJson.body.code).toBe('communication.agenda_import_unreadable');
    const deep = await upload(`${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(deep.status).toBe(422);
    const empty = await upload(JSON.stringify([{ uid: 1 }]));
    expect(empty.body.code).toBe('communication.agenda_import_empty');
    expect(empty.body.report.problems[0]).toMatchObject({ index: 0, reason: 'Titre absent.' });
    expect(await count()).toBe(before);
  });
});
