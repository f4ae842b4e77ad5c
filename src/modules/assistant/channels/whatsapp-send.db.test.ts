import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { queryRows } from '../../../platform/db/client';
import { jobs } from '../../../platform/jobs/schema';
import { createAssistantTestApp, staffHeaders } from '../engine/test-helpers';
import { cleanFinishedSends, FAILED_SEND_MEMORY_MS, WHATSAPP_SEND_JOB, WHATSAPP_SEND_MAX_ATTEMPTS } from './whatsapp-send';
import { postSignedWhatsApp, whatsappWebhookBody } from './test-helpers';

const APP_SECRET = 'whatsapp-app-secret-for-send-tests';
const ACCESS_TOKEN = 'EAAG-test-access-token-never-logged';
const PHONE_NUMBER_ID = '106540352242922';
const GRAPH_VERSION = 'v22.0';

interface GraphRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
  /** The status the fake answered. */
  status: number;
}

/** A stand-in for graph.facebook.com on loopback: records every request, answers the scripted statuses, then 200. */
async function startFakeGraph() {
  const requests: GraphRequest[] = [];
  const script: { status: number; body?: unknown }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const next = script.shift() ?? { status: 200, body: { messaging_product: 'whatsapp', messages: [{ id: 'wamid.sent' }] } };
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = Buffer.concat(chunks).toString('utf8');
      }
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        body,
        status: next.status,
      });
      res.writeHead(next.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(next.body ?? { error: { message: 'scripted failure', code: 1 } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** The next answers, in order; afterwards every request gets 200. */
    answerNext: (...answers: { status: number; body?: unknown }[]) => script.push(...answers),
    reset: () => {
      requests.length = 0;
      script.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type FakeGraph = Awaited<ReturnType<typeof startFakeGraph>>;

const whatsappBody = (from: string, text: string, id: string, phoneNumberId: string | null = PHONE_NUMBER_ID) =>
  whatsappWebhookBody(from, text, id, phoneNumberId);

let b: BeffroiApp;
let graph: FakeGraph;

const post = (body: string) => postSignedWhatsApp(b, body, APP_SECRET);

const sendJobs = () => b.ctx.db.select().from(jobs).where(eq(jobs.kind, WHATSAPP_SEND_JOB)).orderBy(jobs.id);
/** The backoff would make the test wait: the retry is made due now. */
const makeRetriesDue = () => b.ctx.db.update(jobs).set({ runAt: new Date(Date.now() - 1000) }).where(and(eq(jobs.kind, WHATSAPP_SEND_JOB), eq(jobs.status, 'queued')));
const expectedRequest = (to: string, text: string) => ({
  messaging_product: 'whatsapp',
  recipient_type: 'individual',
  to,
  type: 'text',
  text: { preview_url: false, body: text },
});

beforeAll(async () => {
  graph = await startFakeGraph();
  b = await createAssistantTestApp({
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_ACCESS_TOKEN: ACCESS_TOKEN,
    WHATSAPP_GRAPH_URL: `${graph.url}/`,
    WHATSAPP_GRAPH_VERSION: GRAPH_VERSION,
  });
  // Start-up jobs (retention purge) out of the way, so each test drains only its own.
  await b.ctx.jobs.drain();
}, 180_000);
afterAll(async () => {
  await b?.close();
  await graph?.close();
});
beforeEach(() => graph.reset());
// Each test sees only its own send jobs.
afterEach(async () => {
  await b.ctx.db.delete(jobs).where(eq(jobs.kind, WHATSAPP_SEND_JOB));
});

describe('WhatsApp replies sent through the Graph API', () => {
  it('answers the webhook at once, then a job sends each reply to the resident with the bearer token, and goes', async () => {
    const from = '33612340001';
    const res = await post(whatsappBody(from, 'Quels sont les horaires de la déchèterie ?', 'wamid.send-1'));
    expect(res.statusCode).toBe(200);
    const { delivery, replies } = res.json();
    expect(delivery).toBe('graph_api');
    expect(replies).toHaveLength(2);
    // Nothing is sent while the webhook answers: the send is queued.
    expect(graph.requests).toEqual([]);
    const [queued, ...others] = await sendJobs();
    expect(others).toEqual([]);
    expect(queued!.status).toBe('queued');
    expect(JSON.stringify(queued!.payload)).not.toContain('612340001');

    expect(await b.ctx.jobs.drain()).toBe(1);
    expect(graph.requests).toHaveLength(2);
    for (const [i, r] of graph.requests.entries()) {
      expect(r.method).toBe('POST');
      expect(r.path).toBe(`/${GRAPH_VERSION}/${PHONE_NUMBER_ID}/messages`);
      expect(r.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
      expect(r.contentType).toMatch(/^application\/json/);
      expect(r.body).toEqual(expectedRequest(from, replies[i].text));
    }
    expect(graph.requests[0]!.body).toMatchObject({ text: { body: expect.stringMatching(/assistant automatique/) } });
    // Delivered: the job row, and the sealed number in it, are gone.
    expect(await sendJobs()).toEqual([]);
  });

  it('never stores the number in clear in the queue, and a retried webhook delivery queues no second send', async () => {
    const from = '33612340002';
    const body = whatsappBody(from, 'Quels sont les horaires de la déchèterie ?', 'wamid.send-2');
    const first = await post(body);
    const retried = await post(body);
    expect(retried.json()).toEqual(first.json());
    // The table as any reader of the database sees it, every column as text.
    const rows = await queryRows(b.ctx.db, sql`SELECT to_jsonb(jobs)::text AS row FROM jobs WHERE kind = ${WHATSAPP_SEND_JOB}`);
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(from);
    expect(stored).not.toContain('612340002');
    expect(stored).not.toContain('wamid');
    const [job] = await sendJobs();
    expect(job!.payload).toMatchObject({ phoneNumberId: PHONE_NUMBER_ID, recipient: expect.stringMatching(/^v1\./), texts: first.json().replies.map((r: { text: string }) => r.text) });

    await b.ctx.jobs.drain();
    expect(graph.requests.map((r) => (r.body as { to: string }).to)).toEqual([from, from]);
    expect(await sendJobs()).toEqual([]);
  });

  it('retries a 500 and a 429, resumes after the parts already delivered, and delivers each reply once', async () => {
    const from = '33612340003';
    const res = await post(whatsappBody(from, 'Quels sont les horaires de la déchèterie ?', 'wamid.send-3'));
    const texts = res.json().replies.map((r: { text: string }) => r.text);
    expect(texts).toHaveLength(2);

    graph.answerNext({ status: 200, body: { messages: [{ id: 'wamid.ok' }] } }, { status: 500 });
    await b.ctx.jobs.drain();
    expect(graph.requests.map((r) => r.status)).toEqual([200, 500]);
    let [job] = await sendJobs();
    expect(job).toMatchObject({ status: 'queued', attempts: 1, progress: { sent: 1, total: 2 } });
    expect(job!.lastError).toMatch(/HTTP 500/);
    expect(job!.runAt.getTime()).toBeGreaterThan(Date.now());

    graph.answerNext({ status: 429, body: { error: { code: 130429, message: `Rate limit hit for ${from}` } } });
    await makeRetriesDue();
    await b.ctx.jobs.drain();
    [job] = await sendJobs();
    expect(job).toMatchObject({ status: 'queued', attempts: 2 });
    expect(job!.lastError).toMatch(/HTTP 429 \(Graph error 130429\)/);
    // Graph's message quoted the number: only the status and the code are kept.
    expect(job!.lastError).not.toContain(from);

    await makeRetriesDue();
    await b.ctx.jobs.drain();
    const delivered = graph.requests.filter((r) => r.status === 200).map((r) => (r.body as { text: { body: string } }).text.body);
    expect(delivered).toEqual(texts);
    expect(graph.requests).toHaveLength(4);
    expect(await sendJobs()).toEqual([]);
  });

  it('does not retry a 400: the job fails at once, its payload is erased, and the failure is counted for the back-office', async () => {
    const from = '33612340004';
    await post(whatsappBody(from, 'Quels sont les horaires de la déchèterie ?', 'wamid.send-4'));
    graph.answerNext({ status: 400, body: { error: { message: `(#131030) ${from} not in allowed list`, code: 131030, error_subcode: 2494010 } } });
    await b.ctx.jobs.drain();
    await makeRetriesDue();
    await b.ctx.jobs.drain();
    expect(graph.requests).toHaveLength(1);
    const [job] = await sendJobs();
    expect(job).toMatchObject({ status: 'failed', attempts: 1, payload: {} });
    expect(job!.lastError).toMatch(/HTTP 400 \(Graph error 131030\/2494010\)/);
    expect(JSON.stringify(job)).not.toContain(from);
    expect(JSON.stringify(job)).not.toContain(ACCESS_TOKEN);

    const status = await b.app.inject({ method: 'GET', url: '/api/admin/assistant/channels', headers: await staffHeaders(b) });
    expect(status.statusCode, status.body).toBe(200);
    const whatsapp = status.json().whatsapp;
    expect(whatsapp).toMatchObject({ receiving: true, sending: 'graph_api', graphVersion: GRAPH_VERSION, pending: 0, failed: 1 });
    expect(whatsapp.lastFailureReason).toMatch(/HTTP 400/);
    expect(status.body).not.toContain(from);
    expect(status.body).not.toContain(ACCESS_TOKEN);
    expect((await b.app.inject({ method: 'GET', url: '/api/admin/assistant/channels' })).statusCode).toBe(401);
  });

  it('gives up after the last attempt and erases the payload then too', async () => {
    await post(whatsappBody('33612340005', 'Quels sont les horaires de la déchèterie ?', 'wamid.send-5'));
    await b.ctx.db.update(jobs).set({ attempts: WHATSAPP_SEND_MAX_ATTEMPTS - 1 }).where(eq(jobs.kind, WHATSAPP_SEND_JOB));
    graph.answerNext({ status: 503 });
    await b.ctx.jobs.drain();
    const [job] = await sendJobs();
    expect(job).toMatchObject({ status: 'failed', attempts: WHATSAPP_SEND_MAX_ATTEMPTS, payload: {} });
    expect(job!.lastError).toMatch(/HTTP 503/);
  });

  it('queues nothing for a change without a phone number id, and still answers in the response', async () => {
    const res = await post(whatsappBody('33612340006', 'Quels sont les horaires de la déchèterie ?', 'wamid.send-6', null));
    expect(res.statusCode).toBe(200);
    expect(res.json().replies).toHaveLength(2);
    expect(await sendJobs()).toEqual([]);
  });
});

describe('clean-up of finished sends', () => {
  it('empties a payload the queue failed without its handler (worker lost), deletes delivered rows and forgets old failures', async () => {
    const sealed = { phoneNumberId: PHONE_NUMBER_ID, recipient: 'v1.a.b.c', texts: ['x'] };
    const old = new Date(Date.now() - FAILED_SEND_MEMORY_MS - 60_000);
    const [lost, delivered, forgotten, waiting] = await b.ctx.db
      .insert(jobs)
      .values([
        { kind: WHATSAPP_SEND_JOB, payload: sealed, status: 'failed', finishedAt: new Date(), lastError: 'worker lost' },
        { kind: WHATSAPP_SEND_JOB, payload: sealed, status: 'succeeded', finishedAt: new Date() },
        { kind: WHATSAPP_SEND_JOB, payload: {}, status: 'failed', finishedAt: old },
        { kind: WHATSAPP_SEND_JOB, payload: sealed, status: 'queued' },
      ])
      .returning();
    await cleanFinishedSends(b.ctx.db);
    const rows = new Map((await sendJobs()).map((j) => [j.id, j]));
    expect(rows.get(lost!.id)).toMatchObject({ status: 'failed', payload: {} });
    expect(rows.has(delivered!.id)).toBe(false);
    expect(rows.has(forgotten!.id)).toBe(false);
    expect(rows.get(waiting!.id)?.payload).toEqual(sealed);
  });
});
