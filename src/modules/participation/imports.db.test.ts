/**
 * Imports, exports and the synthesis through the HTTP API, on both backends: a real Pol.is
 * conversation (open data, CC BY 4.0 — see POLIS_OPEN_DATA_ATTRIBUTION) imported and exported back
 * byte for byte; malformed rows reported with their lines and nothing imported unless asked;
 * oversized files refused; surveys and interviews keeping their source and position; the synthesis
 * with every quote checked, themes edited by people, each edit audited, then published.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client';
import { makeDocx, makeXlsx } from '../../platform/files/testing/fixtures';
import { startFakeOpenAi, type FakeChatRequest, type FakeOpenAi } from '../../platform/testing/fake-openai';
import { adjustedRandIndex } from './opinion/index';
import { POLIS_OPEN_DATA_ATTRIBUTION } from './polis-format/index';
import { SAMPLE_CONTRIBUTIONS } from './synthesis/sample-contributions';
import { resident, staff, startParticipationApp, type TestServer } from './testing/app';

const UPLOAD_LIMIT = 1_000_000;
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const polisFolder = resolve(projectRoot, '..', 'shared', 'data', 'participation', 'polis', 'brexit-consensus');
const polisFile = (name: string) => readFileSync(resolve(polisFolder, name), 'utf8');
const CSV = 'text/csv';

let server: TestServer;
let agent: ReturnType<typeof staff>;
let fake: FakeOpenAi;
const db = () => server.beffroi.ctx.db;

beforeAll(async () => {
  server = await startParticipationApp({ BEFFROI_UPLOAD_LIMIT: String(UPLOAD_LIMIT) });
  agent = staff(server.baseUrl, 'agent');
  fake = await startFakeOpenAi();
});
afterAll(async () => {
  await server?.close();
  await fake?.close();
});

async function count(table: string, where = sql`TRUE`): Promise<number> {
  const [row] = await queryRows<{ n: string }>(db(), sql`SELECT count(*) AS n FROM ${sql.raw(table)} WHERE ${where}`);
  return Number(row!.n);
}

async function consultation(body: Record<string, unknown> = {}): Promise<string> {
  const created = await agent.post('/api/admin/participation/consultations', { title: 'Import', question: 'Question ?', ...body });
  expect(created.status, created.text).toBe(201);
  return created.body.id;
}

async function stored(id: string) {
  return {
    participants: await count('participation_participants', sql`consultation_id = ${id}`),
    statements: await count('participation_statements', sql`consultation_id = ${id}`),
    votes: await count('participation_votes', sql`consultation_id = ${id}`),
    events: await count('participation_vote_events', sql`consultation_id = ${id}`),
    contributions: await count('participation_contributions', sql`consultation_id = ${id}`),
    imports: await count('participation_imports', sql`consultation_id = ${id}`),
  };
}

const nothing = { participants: 0, statements: 0, votes: 0, events: 0, contributions: 0, imports: 0 };

describe('Pol.is open data', () => {
  const files = {
    comments: { name: 'comments.csv', type: CSV, data: polisFile('comments.csv') },
    votes: { name: 'votes.csv', type: CSV, data: polisFile('votes.csv') },
    participantsVotes: { name: 'participants-votes.csv', type: CSV, data: polisFile('participants-votes.csv') },
  };

  it('imports a conversation and exports the same three files back, byte for byte', async () => {
    const id = await consultation();
    const imported = await agent.upload(`/api/admin/participation/consultations/${id}/imports/polis`, files);
    expect(imported.status, imported.text).toBe(201);
    expect(imported.body).toMatchObject({ imported: true, problems: [], counts: { statements: 50, votes: 5303, voteEvents: 5312, participants: 204 } });
    for (const [file, original] of [
      ['polis-comments.csv', files.comments.data],
      ['polis-votes.csv', files.votes.data],
      ['polis-participants-votes.csv', files.participantsVotes.data],
    ] as const) {
      const exported = await agent.get(`/api/admin/participation/consultations/${id}/exports/${file}`);
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(exported.headers.get('x-data-attribution')).toBe(POLIS_OPEN_DATA_ATTRIBUTION);
      expect(exported.text === original, file).toBe(true);
    }
    // Imported votes count like any others: the opinion groups are computed from them.
    await agent.post(`/api/admin/participation/consultations/${id}/phase`, { phase: 'open' });
    // The import scheduled a computation at the end of the debounce window; this one runs now.
    expect((await agent.post(`/api/admin/participation/consultations/${id}/opinion-groups/recompute`)).status).toBe(202);
    await server.beffroi.ctx.jobs.drain();
    const map = await resident(server.baseUrl).get(`/api/participation/consultations/${id}/opinion-groups`);
    expect(map.body.participants.length).toBeGreaterThan(100);
    expect(map.body.groups.length).toBeGreaterThanOrEqual(2);
    expect(map.body.attribution).toBe(POLIS_OPEN_DATA_ATTRIBUTION);
    const computed = await agent.get(`/api/admin/participation/consultations/${id}/exports/polis-participants-votes.csv?groups=computed`);
    expect(computed.text.split('\n')[0]).toBe(files.participantsVotes.data.split('\n')[0]);
    // The first computation replayed the imported history (replayConsensus, on a thread): the groups
    // are Pol.is's own, as closely as its export lets one tell (bench/results/opinion-groups.md).
    const groupsOf = (csv: string) => new Map(csv.trim().split('\n').slice(1).map((line) => line.split(',')).filter((cells) => cells[1] !== '').map((cells) => [cells[0]!, cells[1]!]));
    const ours = groupsOf(computed.text);
    const polis = groupsOf(files.participantsVotes.data);
    const both = [...ours.keys()].filter((p) => polis.has(p));
    expect(both.length).toBeGreaterThan(150);
    expect(new Set(ours.values()).size).toBe(new Set(polis.values()).size);
    expect(adjustedRandIndex(both.map((p) => ours.get(p)!), both.map((p) => polis.get(p)!))).toBeGreaterThan(0.8);
    const [audit] = await queryRows<{ after: { method: string } }>(
      db(),
      sql`SELECT after FROM audit_events WHERE action = 'participation.opinion_groups_computed' AND subject_id = ${id} ORDER BY id DESC LIMIT 1`,
    );
    expect(audit!.after.method).toMatch(/^replay-consensus:/);
    // A second import into the same consultation is refused.
    const again = await agent.upload(`/api/admin/participation/consultations/${id}/imports/polis`, files);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('participation.import_not_empty');
  });

  it('reports malformed rows with their lines, imports nothing unless asked, then only the valid rows', async () => {
    const id = await consultation();
    const comments = [
      'timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body',
      '1500000000000,Fri Jul 14 02:40:00 UTC 2017,0,0,1,0,1,Premier énoncé',
      '1500000000001,Fri Jul 14 02:40:00 UTC 2017,1,0,beaucoup,0,1,Nombre invalide',
      '1500000000002,Fri Jul 14 02:40:00 UTC 2017,2,1,0,1,1,"Troisième, avec une virgule"',
    ].join('\n');
    const votes = ['timestamp,datetime,comment-id,voter-id,vote', '1500000000100,d,0,0,1', '1500000000101,d,2,1,-1', '1500000000102,d,2,1', '1500000000103,d,1,1,1'].join('\n');
    const body = { comments: { name: 'comments.csv', type: CSV, data: comments }, votes: { name: 'votes.csv', type: CSV, data: votes } };
    const refused = await agent.upload(`/api/admin/participation/consultations/${id}/imports/polis`, body);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('participation.import_rows_invalid');
    expect(refused.body.problems.map((p: { file: string; line: number; code: string }) => [p.file, p.line, p.code])).toEqual([
      ['comments.csv', 3, 'unreadable_row'],
      ['votes.csv', 4, 'row_width'],
      ['votes.csv', 5, 'unknown_comment'],
    ]);
    expect(await stored(id)).toEqual(nothing);
    const dry = await agent.upload(`/api/admin/participation/consultations/${id}/imports/polis`, body, { dryRun: 'true' });
    expect(dry.status).toBe(200);
    expect(dry.body.imported).toBe(false);
    expect(await stored(id)).toEqual(nothing);
    const valid = await agent.upload(`/api/admin/participation/consultations/${id}/imports/polis`, body, { importValidRows: 'true' });
    expect(valid.status, valid.text).toBe(201);
    expect(await stored(id)).toEqual({ participants: 2, statements: 2, votes: 2, events: 2, contributions: 0, imports: 1 });
  });

  it('refuses a file over the upload limit, and one without its columns, importing nothing', async () => {
    const id = await consultation();
    const big = `timestamp,datetime,comment-id,voter-id,vote\n${'1500000000100,d,0,0,1\n'.repeat(Math.ceil((UPLOAD_LIMIT * 1.2) / 22))}`;
    const tooLarge = await agent.upload(`/api/admin/participation/consultations/${id}/imports/polis`, { ...files, votes: { name: 'votes.csv', type: CSV, data: big } });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.code).toBe('file.too_large');
    const noColumns = await agent.upload(`/api/admin/participation/consultations/${id}/imports/polis`, { comments: { name: 'comments.csv', type: CSV, data: 'a,b\n1,2\n' } });
    expect(noColumns.status).toBe(422);
    expect(noColumns.body).toMatchObject({ code: 'participation.import_file_invalid', file: 'comments.csv', line: 1 });
    expect(await stored(id)).toEqual(nothing);
  });
});

describe('surveys and interviews', () => {
  it('lets the user pick the open questions of a spreadsheet, each answer keeping its row and column', async () => {
    const id = await consultation({ usesStatements: false });
    const xlsx = makeXlsx([
      ['Date', 'Âge', 'Que faudrait-il changer ?', 'Commentaire'],
      ['2026-01-02', '34', 'Plus de bancs dans les squares.', null],
      ['2026-01-03', '19', 'Des horaires de bus plus tardifs.', 'Merci pour la consultation'],
      ['2026-01-04', 'vieux', 'Des toilettes publiques.', null],
    ]);
    const xlsxFile = { file: { name: 'enquete.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: xlsx } };
    const preview = await agent.upload(`/api/admin/participation/consultations/${id}/imports/survey`, xlsxFile);
    expect(preview.status, preview.text).toBe(200);
    expect(preview.body.preview.header).toEqual(['Date', 'Âge', 'Que faudrait-il changer ?', 'Commentaire']);
    const fields = { columns: JSON.stringify(['Que faudrait-il changer ?', 'Commentaire']), ageBandColumn: 'Âge' };
    const refused = await agent.upload(`/api/admin/participation/consultations/${id}/imports/survey`, xlsxFile, fields);
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toEqual([{ file: null, line: 4, column: 'Âge', code: 'unknown_age_band', message: expect.any(String) }]);
    expect(await stored(id)).toEqual(nothing);
    const imported = await agent.upload(`/api/admin/participation/consultations/${id}/imports/survey`, xlsxFile, { ...fields, importValidRows: 'true' });
    expect(imported.status, imported.text).toBe(201);
    const rows = await queryRows<{ text: string; age_band: string; source_ref: Record<string, unknown> }>(
      db(),
      sql`SELECT text, age_band, source_ref FROM participation_contributions WHERE consultation_id = ${id} ORDER BY number`,
    );
    expect(rows.map((r) => [r.text, r.age_band, r.source_ref.line, r.source_ref.column])).toEqual([
      ['Plus de bancs dans les squares.', '30-44', 2, 'Que faudrait-il changer ?'],
      ['Des horaires de bus plus tardifs.', '18-29', 3, 'Que faudrait-il changer ?'],
      ['Merci pour la consultation', '18-29', 3, 'Commentaire'],
    ]);
  });

  it('reports a malformed CSV row with its line', async () => {
    const id = await consultation({ usesStatements: false });
    const csv = 'id;réponse\n1;Une piste cyclable\n2;Un banc;en trop\n3;Un arbre\n';
    const res = await agent.upload(`/api/admin/participation/consultations/${id}/imports/survey`, { file: { name: 'enquete.csv', type: CSV, data: csv } }, { columns: '["réponse"]' });
    expect(res.status).toBe(422);
    expect(res.body.problems.map((p: { line: number; code: string }) => [p.line, p.code])).toEqual([[3, 'row_width']]);
    expect(await stored(id)).toEqual(nothing);
  });

  it('splits a DOCX transcript into contributions whose offsets point into the stored transcript', async () => {
    const id = await consultation({ usesStatements: false });
    const docx = makeDocx([
      { text: 'Enquêteur : Que pensez-vous du marché ?' },
      { text: 'Habitant : Il est trop loin de chez moi, il faudrait une navette le samedi.' },
      { text: 'Enquêteur : Autre chose ?' },
      { text: 'Habitant : Oui, plus de bancs pour se reposer, mon numéro est le 06 11 22 33 44.' },
    ]);
    const res = await agent.upload(
      `/api/admin/participation/consultations/${id}/imports/interview`,
      { file: { name: 'entretien.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: docx } },
      { skipSpeakers: '["Enquêteur"]' },
    );
    expect(res.status, res.text).toBe(201);
    const [source] = await queryRows<{ source_text: string }>(db(), sql`SELECT source_text FROM participation_imports WHERE id = ${res.body.importId}`);
    const rows = await queryRows<{ text: string; original_text: string | null; source_ref: { start: number; end: number; speaker: string } }>(
      db(),
      sql`SELECT text, original_text, source_ref FROM participation_contributions WHERE consultation_id = ${id} ORDER BY number`,
    );
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(source!.source_text.slice(r.source_ref.start, r.source_ref.end)).toBe(r.original_text ?? r.text);
      expect(r.source_ref.speaker).toBe('Habitant');
    }
    expect(rows[1]!.text).toContain('[téléphone]');
  });
});

describe('the synthesis', () => {
  it('runs with the provider, keeps only quotes found verbatim, records people’s edits and publishes them', async () => {
    const id = await consultation({ usesStatements: false });
    const csv = `réponse\n${SAMPLE_CONTRIBUTIONS.map((c) => `"${c.text.replace(/"/g, '""')}"`).join('\n')}\n`;
    const imported = await agent.upload(`/api/admin/participation/consultations/${id}/imports/survey`, { file: { name: 'avis.csv', type: CSV, data: csv } }, { columns: '["réponse"]' });
    expect(imported.status, imported.text).toBe(201);

    // Every theme: one exact quote, one made up; a claim resting only on a made-up quote.
    fake.chatHandler = (req: FakeChatRequest) => {
      const user = req.messages.find((m) => m.role === 'user')!.content;
      const data = JSON.parse(user.slice(user.indexOf('\n') + 1)) as { contributions: { ref: string; text: string }[] };
      const first = data.contributions[0]!;
      return JSON.stringify({
        label: 'Thème proposé par le modèle',
        summary: 'Un résumé.',
        claims: [
          { text: 'Une affirmation soutenue.', contributions: [first.ref], quotes: [{ contribution: first.ref, text: first.text.slice(0, 25) }, { contribution: first.ref, text: 'des mots que personne n’a écrits' }] },
          { text: 'Une affirmation inventée.', contributions: [first.ref], quotes: [{ contribution: first.ref, text: 'rien de tout cela' }] },
        ],
      });
    };
    await server.beffroi.ctx.db.transaction((tx) =>
      server.beffroi.ctx.settings.set(tx, { type: 'system', id: null }, 'ai.providers', {
        generation: { enabled: true, baseUrl: fake.baseUrl, model: 'fake-gen', apiKey: '' },
        embeddings: { enabled: false, baseUrl: null, model: null, apiKey: '' },
        reranking: { enabled: false, baseUrl: null, model: null, apiKey: '' },
      }),
    );
    server.beffroi.ctx.settings.invalidate();
    const run = await agent.post(`/api/admin/participation/consultations/${id}/synthesis/runs`);
    expect(run.status, run.text).toBe(202);
    await server.beffroi.ctx.jobs.drain();
    const job = await agent.get(`/api/admin/participation/jobs/${run.body.jobId}`);
    expect(job.body.status, JSON.stringify(job.body)).toBe('succeeded');

    const current = await agent.get(`/api/admin/participation/consultations/${id}/synthesis`);
    const synthesis = current.body.synthesis;
    expect(synthesis.generation.mode).toBe('provider');
    expect(synthesis.generation.quotesRejected).toBeGreaterThan(0);
    expect(synthesis.generation.claimsUnsupported).toBeGreaterThan(0);
    const texts = new Map(
      (await queryRows<{ id: string; text: string }>(db(), sql`SELECT id, text FROM participation_contributions WHERE consultation_id = ${id}`)).map((r) => [r.id, r.text]),
    );
    const quotes = synthesis.themes.flatMap((t: any) => [...t.quotes, ...t.claims.flatMap((c: any) => c.quotes)]);
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) expect(texts.get(q.contributionId)!.slice(q.start, q.end)).toBe(q.text);
    expect(JSON.stringify(synthesis)).not.toContain('personne n’a écrits');
    expect(JSON.stringify(synthesis)).not.toContain('Une affirmation inventée');

    const [a, b] = synthesis.themes;
    const renamed = await agent.post(`/api/admin/participation/consultations/${id}/synthesis/themes/${a.id}/rename`, { label: 'Se déplacer à vélo' });
    expect(renamed.status, renamed.text).toBe(200);
    const merged = await agent.post(`/api/admin/participation/consultations/${id}/synthesis/merge`, { themeIds: [a.id, b.id] });
    expect(merged.status, merged.text).toBe(200);
    const unknown = await agent.post(`/api/admin/participation/consultations/${id}/synthesis/themes/nope/rename`, { label: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('participation.synthesis.theme_not_found');
    expect(merged.body.edits.map((e: { action: string }) => e.action)).toEqual(['participation.synthesis.theme_renamed', 'participation.synthesis.themes_merged']);
    const audit = await queryRows<{ action: string; actor_id: string }>(
      db(),
      sql`SELECT action, actor_id FROM audit_events WHERE subject_type = 'participation.synthesis' AND subject_id = ${id} ORDER BY id`,
    );
    expect(audit.map((e) => e.action)).toEqual(['participation.synthesis_run', 'participation.synthesis.theme_renamed', 'participation.synthesis.themes_merged']);
    expect(audit.slice(1).every((e) => e.actor_id === 'user-agent')).toBe(true);

    // Published at the end of the consultation, with what the machine did and what people changed.
    expect((await resident(server.baseUrl).get(`/api/participation/consultations/${id}/synthesis`)).status).toBe(404);
    await agent.post(`/api/admin/participation/consultations/${id}/phase`, { phase: 'open' });
    await agent.post(`/api/admin/participation/consultations/${id}/phase`, { phase: 'closed' });
    const published = await agent.post(`/api/admin/participation/consultations/${id}/phase`, { phase: 'synthesis_published' });
    expect(published.status, published.text).toBe(200);
    const view = await resident(server.baseUrl).get(`/api/participation/consultations/${id}/synthesis`);
    expect(view.status, view.text).toBe(200);
    expect(view.body.edits.map((e: { action: string; by: string | null }) => [e.action, e.by])).toEqual([
      ['participation.synthesis.theme_renamed', null],
      ['participation.synthesis.themes_merged', null],
    ]);
    expect(view.body.synthesis.methodology.text.fr).toMatch(/modèle fake-gen/);
    expect(view.body.synthesis.methodology.text.fr).toMatch(/modification\(s\) ont été faites par des personnes/);
    for (const t of view.body.synthesis.themes) for (const q of t.quotes) expect(view.body.contributions[q.contributionId].text.slice(q.start, q.end)).toBe(q.text);
    const open = await resident(server.baseUrl).get(`/api/participation/consultations/${id}/open-data/synthesis.csv`);
    expect(open.status).toBe(200);
    expect(open.text.split('\n')[0]).toBe('contribution,contribution_id,theme_id,theme,sub_theme_id,sub_theme,standing_alone,text');
    expect(open.text.trim().split('\n')).toHaveLength(SAMPLE_CONTRIBUTIONS.length + 1);
  });
});
