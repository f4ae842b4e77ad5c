/**
 * Participation through its HTTP API, on both backends: the demo seed, joining without an account,
 * votes (and their replacement), every kind of bad vote refused with nothing changed, moderation
 * with redaction, near-duplicates and rate limits refused with nothing changed, the opinion map.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client';
import { applyRetention } from '../../platform/privacy/retention';
import { startTestSmtpServer, type TestSmtpServer } from '../../platform/testing/smtp';
import { resident, staff, startParticipationApp, type TestServer } from './testing/app';

let server: TestServer;
let smtp: TestSmtpServer;
let agent: ReturnType<typeof staff>;
let moderator: ReturnType<typeof staff>;
const db = () => server.beffroi.ctx.db;

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  server = await startParticipationApp({ SMTP_URL: smtp.url, MAIL_FROM: 'mairie@test.beffroi.fr', PUBLIC_URL: 'http://beffroi.test' });
  agent = staff(server.baseUrl, 'agent');
  moderator = staff(server.baseUrl, 'moderator');
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

async function count(table: string, where = sql`TRUE`): Promise<number> {
  const [row] = await queryRows<{ n: string }>(db(), sql`SELECT count(*) AS n FROM ${sql.raw(table)} WHERE ${where}`);
  return Number(row!.n);
}

/** Everything a refused request must leave as it was. */
async function snapshot() {
  return {
    participants: await count('participation_participants'),
    votes: await count('participation_votes'),
    voteEvents: await count('participation_vote_events'),
    statements: await count('participation_statements'),
    contributions: await count('participation_contributions'),
    counters: await queryRows(db(), sql`SELECT key, window_start, count FROM participation_rate_counters ORDER BY key, window_start`),
    audit: await count('audit_events'),
  };
}

async function openConsultation(body: Record<string, unknown> = {}, statements: string[] = ['Premier énoncé sur les parcs.', 'Deuxième énoncé sur les bus du soir.']) {
  const created = await agent.post('/api/admin/participation/consultations', { title: 'Test', question: 'Que pensez-vous ?', ...body });
  expect(created.status, created.text).toBe(201);
  const id = created.body.id as string;
  const ids: string[] = [];
  for (const text of statements) {
    const s = await agent.post(`/api/admin/participation/consultations/${id}/statements`, { text });
    expect(s.status, s.text).toBe(201);
    ids.push(s.body.id);
  }
  const opened = await agent.post(`/api/admin/participation/consultations/${id}/phase`, { phase: 'open' });
  expect(opened.status, opened.text).toBe(200);
  return { id, statements: ids };
}

describe('the demo seed', () => {
  it('opens one demo consultation with statements, contributions and votes for the map', async () => {
    const list = await resident(server.baseUrl).get('/api/participation/consultations');
    expect(list.status).toBe(200);
    const demo = list.body.items.find((c: { demo: boolean }) => c.demo);
    expect(demo).toMatchObject({ phase: 'open', forms: { statements: true, contributions: true } });
    expect(demo.counts.statements).toBeGreaterThanOrEqual(5);
    expect(demo.counts.contributions).toBeGreaterThanOrEqual(5);
    const page = await resident(server.baseUrl).get(`/api/participation/consultations/${demo.id}`);
    expect(page.body.districts.length).toBeGreaterThan(1);
    expect(page.body.me).toBeNull();
    await server.beffroi.ctx.jobs.drain();
    const map = await resident(server.baseUrl).get(`/api/participation/consultations/${demo.id}/opinion-groups`);
    expect(map.status).toBe(200);
    expect(map.body.participants.length).toBe(12);
    expect(map.body.groups.length).toBeGreaterThanOrEqual(2);
  });
});

describe('taking part and voting', () => {
  let c: { id: string; statements: string[] };
  beforeAll(async () => {
    c = await openConsultation();
  });

  it('joins without an account: an HttpOnly cookie, a keyed hash stored, never the token', async () => {
    const browser = resident(server.baseUrl);
    const joined = await browser.join(c.id, { ageBand: '30-44' });
    expect(joined.status).toBe(201);
    expect(joined.headers.get('set-cookie')).toMatch(/beffroi_participant=[A-Za-z0-9_-]{43}; Max-Age=\d+; Path=\/api\/participation; HttpOnly; SameSite=Lax/);
    expect(joined.body).toMatchObject({ ageBand: '30-44', district: null, emailGiven: false, votes: 0 });
    const stored = await queryRows<{ token_hash: string }>(db(), sql`SELECT token_hash FROM participation_participants WHERE consultation_id = ${c.id}`);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(browser.cookie!);
    // Joining again is the same participant.
    expect((await browser.join(c.id)).status).toBe(200);
    expect(await count('participation_participants', sql`consultation_id = ${c.id}`)).toBe(1);
  });

  it('refuses an unknown district, creating no participant', async () => {
    const before = await snapshot();
    const res = await resident(server.baseUrl).join(c.id, { district: 'NOPE' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('participation.unknown_district');
    expect(await snapshot()).toEqual(before);
  });

  it('replaces a vote with a new one: one vote per participant and statement, every change kept in order', async () => {
    const browser = resident(server.baseUrl);
    await browser.join(c.id);
    const first = await browser.vote(c.id, c.statements[0]!, 'agree');
    expect(first.status, first.text).toBe(200);
    expect(first.body).toEqual({ statementId: c.statements[0], vote: 'agree', previous: null });
    const second = await browser.vote(c.id, c.statements[0]!, 'disagree');
    expect(second.body).toEqual({ statementId: c.statements[0], vote: 'disagree', previous: 'agree' });
    const votes = await queryRows<{ value: number }>(db(), sql`SELECT value FROM participation_votes WHERE statement_id = ${c.statements[0]!}`);
    expect(votes.map((v) => Number(v.value))).toEqual([-1]);
    const events = await queryRows<{ value: number }>(db(), sql`SELECT value FROM participation_vote_events WHERE statement_id = ${c.statements[0]!} ORDER BY id`);
    expect(events.map((v) => Number(v.value))).toEqual([1, -1]);
    const list = await browser.get(`/api/participation/consultations/${c.id}/statements`);
    expect(list.body.items.find((s: { id: string }) => s.id === c.statements[0])).toMatchObject({ myVote: 'disagree', tally: { agree: 0, disagree: 1, pass: 0 } });
    // The audit log has the vote, and no participant.
    const [audit] = await queryRows<{ actor_id: string | null; after: Record<string, unknown> }>(
      db(),
      sql`SELECT actor_id, after FROM audit_events WHERE action = 'participation.vote' AND subject_id = ${c.statements[0]!} ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({ actor_id: null, after: { consultationId: c.id, vote: 'disagree' } });
  });

  it('shows the next statement as Pol.is routes it, until all are voted on', async () => {
    const browser = resident(server.baseUrl);
    await browser.join(c.id);
    const seen = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const next = await browser.get(`/api/participation/consultations/${c.id}/statements/next`);
      expect(next.status).toBe(200);
      expect(next.body.remaining).toBe(2 - i);
      seen.add(next.body.statement.id);
      await browser.vote(c.id, next.body.statement.id, 'pass');
    }
    expect(seen).toEqual(new Set(c.statements));
    const done = await browser.get(`/api/participation/consultations/${c.id}/statements/next`);
    expect(done.body).toEqual({ statement: null, remaining: 0, voted: 2 });
  });

  it('follows participation live: totals, per day and per district', async () => {
    const page = await resident(server.baseUrl).get(`/api/participation/consultations/${c.id}`);
    const district = page.body.districts[0].code as string;
    const browser = resident(server.baseUrl);
    await browser.join(c.id, { district });
    await browser.vote(c.id, c.statements[1]!, 'agree');
    const stats = await staff(server.baseUrl, 'analyst').get(`/api/admin/participation/consultations/${c.id}/stats`);
    expect(stats.status, stats.text).toBe(200);
    expect(stats.body.totals).toMatchObject({ participants: await count('participation_participants', sql`consultation_id = ${c.id}`) });
    expect(stats.body.totals.votes).toBe(await count('participation_votes', sql`consultation_id = ${c.id}`));
    const today = stats.body.perDay.at(-1);
    expect(today.votes).toBe(await count('participation_vote_events', sql`consultation_id = ${c.id}`));
    expect(stats.body.perDistrict.find((d: { district: string | null }) => d.district === district)).toMatchObject({ participants: 1, votes: 1, name: page.body.districts[0].name });
  });

  it('refuses bad votes with problem details and changes nothing', async () => {
    const other = await openConsultation({}, ['Un énoncé d’une autre consultation.']);
    const pendingStatement = await (async () => {
      const b = resident(server.baseUrl);
      await b.join(c.id);
      const s = await b.post(`/api/participation/consultations/${c.id}/statements`, { text: 'Une proposition pas encore modérée.' });
      expect(s.status, s.text).toBe(201);
      expect(s.body.status).toBe('pending');
      return s.body.id as string;
    })();
    const browser = resident(server.baseUrl);
    await browser.join(c.id);
    const stranger = resident(server.baseUrl);
    await stranger.join(other.id);
    const before = await snapshot();
    const cases: [Promise<{ status: number; body: any }>, number, string][] = [
      [browser.vote(c.id, '00000000-0000-4000-8000-000000000000', 'agree'), 404, 'participation.statement_not_found'],
      [browser.vote(c.id, other.statements[0]!, 'agree'), 404, 'participation.statement_not_found'],
      [browser.vote(c.id, pendingStatement, 'agree'), 409, 'participation.statement_not_votable'],
      // A participant of another consultation, with its own cookie.
      [stranger.vote(c.id, c.statements[0]!, 'agree'), 403, 'participation.not_a_participant'],
      [resident(server.baseUrl).vote(c.id, c.statements[0]!, 'agree'), 403, 'participation.not_a_participant'],
      [browser.put(`/api/participation/consultations/${c.id}/statements/${c.statements[0]}/vote`, { vote: 'maybe' }), 400, 'validation_failed'],
      [browser.vote('00000000-0000-4000-8000-000000000000', c.statements[0]!, 'agree'), 404, 'not_found'],
    ];
    for (const [request, status, code] of cases) {
      const res = await request;
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.type).toMatch(/^https:\/\/beffroi\.org\/problems\//);
    }
    expect(await snapshot()).toEqual(before);
    // A closed consultation takes no vote.
    expect((await agent.post(`/api/admin/participation/consultations/${other.id}/phase`, { phase: 'closed' })).status).toBe(200);
    const beforeClosed = await snapshot();
    const closed = await stranger.vote(other.id, other.statements[0]!, 'agree');
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('participation.not_open');
    expect(await snapshot()).toEqual(beforeClosed);
  });
});

describe('moderation, redaction, near-duplicates and rate limits', () => {
  let c: { id: string; statements: string[] };
  beforeAll(async () => {
    c = await openConsultation();
  });

  it('masks personal data in what is published and keeps the original for moderators only', async () => {
    const browser = resident(server.baseUrl);
    await browser.join(c.id);
    const text = 'Appelez-moi au 06 12 34 56 78 ou écrivez à jean.dupont@example.org pour le jardin partagé.';
    const sent = await browser.post(`/api/participation/consultations/${c.id}/contributions`, { text });
    expect(sent.status, sent.text).toBe(201);
    expect(sent.body).toMatchObject({ status: 'pending', redacted: true });
    expect(sent.body.text).toBe('Appelez-moi au [téléphone] ou écrivez à [courriel] pour le jardin partagé.');
    // Not published before a moderator accepts it (moderation before publication).
    expect((await browser.get(`/api/participation/consultations/${c.id}/contributions`)).body.total).toBe(0);

    const queue = await moderator.get(`/api/admin/participation/consultations/${c.id}/moderation`);
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i: { id: string }) => i.id === sent.body.id);
    expect(item).toMatchObject({ itemType: 'contribution', originalText: text, text: sent.body.text, status: 'pending' });
    expect(item.redactions.map((r: { kind: string }) => r.kind)).toEqual(['phone', 'email']);
    // Residents and analysts never see the queue.
    expect((await staff(server.baseUrl, 'analyst').get(`/api/admin/participation/consultations/${c.id}/moderation`)).status).toBe(403);

    const noReason = await moderator.post(`/api/admin/participation/moderation/contribution/${sent.body.id}`, { decision: 'reject' });
    expect(noReason.status).toBe(400);
    const accepted = await moderator.post(`/api/admin/participation/moderation/contribution/${sent.body.id}`, { decision: 'accept' });
    expect(accepted.status, accepted.text).toBe(200);
    const published = await browser.get(`/api/participation/consultations/${c.id}/contributions`);
    expect(published.body.items.map((i: { text: string }) => i.text)).toEqual([sent.body.text]);
    const open = await browser.get(`/api/participation/consultations/${c.id}/open-data/contributions.json`);
    expect(open.text).not.toContain('06 12 34 56 78');
    expect(open.text).not.toContain('jean.dupont');
    // Staff exports: the text as written for those who moderate, never for analysts.
    const analystExport = await staff(server.baseUrl, 'analyst').get(`/api/admin/participation/consultations/${c.id}/exports/contributions.json`);
    expect(analystExport.status).toBe(200);
    expect(analystExport.text).not.toContain('jean.dupont');
    expect((await agent.get(`/api/admin/participation/consultations/${c.id}/exports/contributions.json`)).text).toContain('jean.dupont@example.org');
    const [audit] = await queryRows<{ actor_id: string; before: unknown; after: Record<string, unknown> }>(
      db(),
      sql`SELECT actor_id, before, after FROM audit_events WHERE action = 'participation.moderation_decision' AND subject_id = ${sent.body.id}`,
    );
    expect(audit).toMatchObject({ actor_id: 'user-moderator', before: { status: 'pending' }, after: { status: 'accepted' } });
  });

  it('resolves participants’ flags with the decision', async () => {
    const browser = resident(server.baseUrl);
    await browser.join(c.id);
    const flagged = await browser.post(`/api/participation/consultations/${c.id}/flags`, { itemType: 'statement', itemId: c.statements[0], reason: 'spam' });
    expect(flagged.status).toBe(204);
    const queue = await moderator.get(`/api/admin/participation/consultations/${c.id}/moderation?status=flagged`);
    expect(queue.body.items).toHaveLength(1);
    expect(queue.body.items[0].flags).toEqual({ abuse: 0, spam: 1, personal_data: 0 });
    const rejected = await moderator.post(`/api/admin/participation/moderation/statement/${c.statements[0]}`, { decision: 'reject', reason: 'spam', note: 'Publicité.' });
    expect(rejected.body).toMatchObject({ status: 'rejected', moderationReason: 'spam', flags: { spam: 0 } });
    expect((await moderator.get(`/api/admin/participation/consultations/${c.id}/moderation?status=flagged`)).body.items).toHaveLength(0);
  });

  it('refuses a near-duplicate statement and changes nothing', async () => {
    const browser = resident(server.baseUrl);
    await browser.join(c.id);
    const before = await snapshot();
    const res = await browser.post(`/api/participation/consultations/${c.id}/statements`, { text: 'deuxième énoncé sur les bus du soir !' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'participation.near_duplicate', duplicateOf: { id: c.statements[1] } });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses submissions past the limits and changes nothing, counters included', async () => {
    await server.beffroi.ctx.db.transaction((tx) =>
      server.beffroi.ctx.settings.set(tx, { type: 'system', id: null }, 'participation.limits', {
        statementsPerParticipantPerHour: 10,
        statementsPerAddressPerHour: 60,
        contributionsPerParticipantPerHour: 2,
        contributionsPerAddressPerHour: 60,
        participantsPerAddressPerHour: 1000,
        nearDuplicateThreshold: 0.8,
      }),
    );
    server.beffroi.ctx.settings.invalidate();
    const browser = resident(server.baseUrl);
    await browser.join(c.id);
    for (const text of ['Des toilettes publiques près du marché.', 'Une fontaine à eau dans le parc.']) {
      expect((await browser.post(`/api/participation/consultations/${c.id}/contributions`, { text })).status).toBe(201);
    }
    const before = await snapshot();
    const refused = await browser.post(`/api/participation/consultations/${c.id}/contributions`, { text: 'Un terrain de pétanque éclairé le soir.' });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('participation.rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await snapshot()).toEqual(before);
  });
});

describe('e-mail confirmation', () => {
  it('seals the address, mails a link through the platform mailer, and keeps one confirmed participant per address', async () => {
    const c = await openConsultation({}, ['Un énoncé pour la confirmation.']);
    const browser = resident(server.baseUrl);
    await browser.join(c.id);
    const asked = await browser.post(`/api/participation/consultations/${c.id}/me/email`, { email: 'Habitante@Example.org' });
    expect(asked.status, asked.text).toBe(202);
    const [row] = await queryRows<{ email_sealed: string; email_confirmation_hash: string }>(
      db(),
      sql`SELECT email_sealed, email_confirmation_hash FROM participation_participants WHERE consultation_id = ${c.id}`,
    );
    expect(row!.email_sealed).not.toContain('xample');
    await server.beffroi.ctx.jobs.drain();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to.map((a) => a.toLowerCase())).toEqual(['habitante@example.org']);
    const token = /\/participation\/confirmer\/([A-Za-z0-9_-]{43})/.exec(mail!.raw.replace(/=\r?\n/g, ''))![1]!;
    // The sealed token is gone once sent; only its hash checks the link.
    const [after] = await queryRows<{ email_confirmation_sealed: string | null }>(db(), sql`SELECT email_confirmation_sealed FROM participation_participants WHERE consultation_id = ${c.id}`);
    expect(after!.email_confirmation_sealed).toBeNull();
    const confirmed = await resident(server.baseUrl).post('/api/participation/email-confirmations', { token });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect((await browser.get(`/api/participation/consultations/${c.id}/me`)).body).toMatchObject({ emailGiven: true, emailConfirmed: true });
    expect((await resident(server.baseUrl).post('/api/participation/email-confirmations', { token })).status).toBe(404);

    // Another participant confirming the same address (any case) is refused.
    const twin = resident(server.baseUrl);
    await twin.join(c.id);
    await twin.post(`/api/participation/consultations/${c.id}/me/email`, { email: 'habitante@example.org' });
    await server.beffroi.ctx.jobs.drain();
    const [, second] = await smtp.waitFor(2);
    const token2 = /\/participation\/confirmer\/([A-Za-z0-9_-]{43})/.exec(second!.raw.replace(/=\r?\n/g, ''))![1]!;
    const taken = await resident(server.baseUrl).post('/api/participation/email-confirmations', { token: token2 });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('participation.email_taken');
  });
});

describe('representativeness and retention', () => {
  it('compares declared districts with the districts’ population', async () => {
    const c = await openConsultation({}, ['Un énoncé pour la représentativité.']);
    const page = await resident(server.baseUrl).get(`/api/participation/consultations/${c.id}`);
    const [first, second] = page.body.districts as { code: string }[];
    for (let i = 0; i < 40; i++) await resident(server.baseUrl).join(c.id, { district: first!.code, ageBand: '30-44' });
    for (let i = 0; i < 2; i++) await resident(server.baseUrl).join(c.id, { district: second!.code });
    const r = await agent.get(`/api/admin/participation/consultations/${c.id}/representativeness`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.districts.declared).toBe(42);
    expect(r.body.districts.comparable).toBe(true);
    expect(r.body.underRepresented.map((u: { value: string }) => u.value)).toContain(second!.code);
    expect(r.body.underRepresented.map((u: { value: string }) => u.value)).not.toContain(first!.code);
  });

  it('erases tokens, e-mails, declarations and moderators’ originals after their periods, counts only in the audit log', async () => {
    const c = await openConsultation({}, ['Un énoncé pour la conservation.']);
    const browser = resident(server.baseUrl);
    await browser.join(c.id, { ageBand: '60-74' });
    const sent = await browser.post(`/api/participation/consultations/${c.id}/contributions`, { text: 'Mon courriel est marie@example.org, pour le potager.' });
    await moderator.post(`/api/admin/participation/moderation/contribution/${sent.body.id}`, { decision: 'accept' });
    await agent.post(`/api/admin/participation/consultations/${c.id}/phase`, { phase: 'closed' });
    // As if closed and moderated a year ago.
    await db().execute(sql`UPDATE participation_consultations SET closed_at = now() - interval '365 days' WHERE id = ${c.id}`);
    await db().execute(sql`UPDATE participation_contributions SET moderated_at = now() - interval '365 days', created_at = now() - interval '365 days' WHERE id = ${sent.body.id}`);
    const report = await applyRetention(server.beffroi.ctx);
    expect(report.failed).toEqual([]);
    const [p] = await queryRows<{ token_hash: string | null; age_band: string | null }>(db(), sql`SELECT token_hash, age_band FROM participation_participants WHERE consultation_id = ${c.id}`);
    expect(p).toEqual({ token_hash: null, age_band: null });
    const [k] = await queryRows<{ text: string; original_text: string | null; address_key: string | null }>(
      db(),
      sql`SELECT text, original_text, address_key FROM participation_contributions WHERE id = ${sent.body.id}`,
    );
    expect(k).toEqual({ text: 'Mon courriel est [courriel], pour le potager.', original_text: null, address_key: null });
    // The participant can no longer come back: the cookie names nobody.
    expect((await browser.get(`/api/participation/consultations/${c.id}/me`)).status).toBe(403);
    const batches = await queryRows<{ after: Record<string, unknown> }>(db(), sql`SELECT after FROM audit_events WHERE action = 'platform.retention_batch' AND subject_id LIKE 'participation.%'`);
    expect(batches.length).toBeGreaterThan(0);
    expect(JSON.stringify(batches)).not.toContain('marie@example.org');
  });
});
