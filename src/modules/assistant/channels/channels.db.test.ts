import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BeffroiApp } from '../../../platform/app';
import { instanceSecrets } from '../../../platform/secrets/schema';
import { configuredInstanceKey, deriveKey, instanceKeyFingerprint } from '../../../platform/secrets/service';
import { createTestApp } from '../../../platform/testing/app';
import { assistantConversations, assistantMessages } from '../conversations/schema';
import { jobs } from '../../../platform/jobs/schema';
import { createAssistantTestApp, staffHeaders } from '../engine/test-helpers';
import { STALE_CLAIM_MS } from './deliveries';
import { hashWhatsAppMessageId, WEBHOOK_SECRET_HEADER } from './routes';
import { assistantWhatsappDeliveries } from './schema';
import { postSignedWhatsApp, whatsappSignature, whatsappWebhookBody } from './test-helpers';
import { WHATSAPP_SEND_JOB } from './whatsapp-send';

const APP_SECRET = 'whatsapp-app-secret-for-tests';
const VERIFY_TOKEN = 'verify-me-please';
const WEBHOOK_SECRET = 'generic-webhook-secret-123';

let b: BeffroiApp;
beforeAll(async () => {
  b = await createAssistantTestApp({ WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN, BEFFROI_SECRET: 'a-secret-of-at-least-16-chars' });
  await b.ctx.db.transaction((tx) => b.ctx.settings.set(tx, { type: 'system', id: null }, 'assistant.channels', { webhookSecret: WEBHOOK_SECRET }));
}, 180_000);
afterAll(() => b?.close());

const stored = async () => ({ c: await b.ctx.db.$count(assistantConversations), m: await b.ctx.db.$count(assistantMessages) });

const whatsappBody = (from: string, text: string, id = 'wamid.1') => whatsappWebhookBody(from, text, id);
const sign = (body: string, secret = APP_SECRET) => whatsappSignature(body, secret);

describe('generic webhook', () => {
  it('needs the shared secret; nothing is stored without it', async () => {
    const before = await stored();
    const payload = { conversationRef: '+33612345678', text: 'Quels sont les horaires de la déchèterie ?' };
    const none = await b.app.inject({ method: 'POST', url: '/api/assistant/webhook', payload });
    expect(none.statusCode).toBe(401);
    const wrong = await b.app.inject({ method: 'POST', url: '/api/assistant/webhook', payload, headers: { [WEBHOOK_SECRET_HEADER]: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(await stored()).toEqual(before);
  });

  it('answers on the same engine and continues the sender’s conversation, storing only a hash of the sender', async () => {
    const headers = { [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET };
    const first = await b.app.inject({
      method: 'POST',
      url: '/api/assistant/webhook',
      headers,
      payload: { conversationRef: '+33612345678', text: 'Quels sont les horaires de la déchèterie ?' },
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().notice).toBeTruthy();
    expect(first.json().message.decision).toBe('answered');
    expect(first.json().replyText).toContain('Sources');
    const second = await b.app.inject({ method: 'POST', url: '/api/assistant/webhook', headers, payload: { conversationRef: '+33612345678', text: 'et le dimanche ?' } });
    expect(second.json().notice).toBeNull();
    expect(second.json().message.citations[0].title).toMatch(/Déchèterie/);
    const conversations = await b.ctx.db.select().from(assistantConversations);
    const mine = conversations.filter((c) => c.channel === 'webhook');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.externalRef).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(conversations)).not.toContain('612345678');
    const bad = await b.app.inject({ method: 'POST', url: '/api/assistant/webhook', headers, payload: { conversationRef: 'x', text: '' } });
    expect(bad.statusCode).toBe(400);
  });
});

describe('WhatsApp Cloud API webhook', () => {
  it('answers the verification challenge only with the verify token', async () => {
    const ok = await b.app.inject({ method: 'GET', url: `/api/assistant/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const ko = await b.app.inject({ method: 'GET', url: '/api/assistant/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1' });
    expect(ko.statusCode).toBe(403);
  });

  it('rejects a bad signature with 401 and stores nothing', async () => {
    const before = await stored();
    const body = whatsappBody('33612345678', 'Quels sont les horaires de la déchèterie ?');
    for (const signature of [undefined, sign(body, 'other-secret'), sign(`${body} `), 'sha256=zz']) {
      const res = await b.app.inject({
        method: 'POST',
        url: '/api/assistant/whatsapp',
        payload: body,
        headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
      });
      expect(res.statusCode).toBe(401);
    }
    expect(await stored()).toEqual(before);
  });

  it('answers a signed text message with the notice then the cited answer', async () => {
    // Meta signs the exact bytes; any reformatting of the JSON would break the signature.
    const body = whatsappBody('33699999999', 'Quels sont les horaires de la déchèterie ?').replace('{"object"', '{ "object"');
    const res = await postSignedWhatsApp(b, body, APP_SECRET);
    expect(res.statusCode).toBe(200);
    const { replies } = res.json();
    expect(replies).toHaveLength(2);
    expect(replies[0].to).toBe('33699999999');
    expect(replies[0].text).toMatch(/assistant automatique/);
    expect(replies[1].text).toMatch(/\[1\]/);
    expect(replies[1].text).toMatch(/Sources/);
    const conversations = await b.ctx.db.select().from(assistantConversations);
    expect(JSON.stringify(conversations)).not.toContain('33699999999');
  });

  it('without an access token, queues no send: the replies are only in the response, and the channel status says so', async () => {
    expect(b.ctx.config.whatsapp.accessToken).toBeUndefined();
    const body = whatsappBody('33677777777', 'Quels sont les horaires de la déchèterie ?', 'wamid.no-token');
    const res = await postSignedWhatsApp(b, body, APP_SECRET);
    expect(res.statusCode).toBe(200);
    expect(res.json().delivery).toBe('response_only');
    expect(res.json().replies).toHaveLength(2);
    expect(await b.ctx.db.$count(jobs, eq(jobs.kind, WHATSAPP_SEND_JOB))).toBe(0);
    const status = await b.app.inject({ method: 'GET', url: '/api/admin/assistant/channels', headers: await staffHeaders(b) });
    expect(status.json().whatsapp).toMatchObject({ receiving: true, sending: 'response_only', graphUrl: null, pending: 0, failed: 0 });
  });
});

describe('WhatsApp retried deliveries', () => {
  const post = (body: string) => postSignedWhatsApp(b, body, APP_SECRET);

  it('answers a message id once; a retry gets the same replies and stores nothing more', async () => {
    const wamid = 'wamid.HBgLMzM2MTExMTExMTEVAgASGBQzQUJDREVGMDEyMzQ1Njc4OUFCQwA=';
    const body = whatsappBody('33611111111', 'Quels sont les horaires de la déchèterie ?', wamid);
    const first = await post(body);
    expect(first.statusCode).toBe(200);
    expect(first.json().replies).toHaveLength(2);
    const afterFirst = await stored();

    const retried = await post(body);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(first.json());
    expect(await stored()).toEqual(afterFirst);

    const deliveries = await b.ctx.db.select().from(assistantWhatsappDeliveries);
    // Message ids embed the sender's number: neither is kept.
    expect(JSON.stringify(deliveries)).not.toContain('wamid');
    expect(JSON.stringify(deliveries)).not.toContain('33611111111');
    const mine = deliveries.find((d) => d.replies?.length === 2);
    expect(mine?.conversationId).toBeTruthy();

    // Another message of the same sender is answered, in the same conversation (no new notice).
    const next = await post(whatsappBody('33611111111', 'et le dimanche ?', 'wamid.second-message'));
    expect(next.json().replies).toHaveLength(1);
    expect((await stored()).m).toBe(afterFirst.m + 2);
  });

  it('answers nothing while the first delivery is still being answered, and takes over a stale claim', async () => {
    const messageRef = await hashWhatsAppMessageId(b.ctx, 'wamid.in-flight');
    await b.ctx.db.insert(assistantWhatsappDeliveries).values({ messageRef, claimedAt: new Date() });
    const before = await stored();
    const body = whatsappBody('33622222222', 'Quels sont les horaires de la déchèterie ?', 'wamid.in-flight');
    const duringFirst = await post(body);
    expect(duringFirst.statusCode).toBe(200);
    expect(duringFirst.json().replies).toEqual([]);
    expect(await stored()).toEqual(before);

    // The process answering it died: after a while a retry answers.
    await b.ctx.db
      .update(assistantWhatsappDeliveries)
      .set({ claimedAt: new Date(Date.now() - STALE_CLAIM_MS - 1000) })
      .where(eq(assistantWhatsappDeliveries.messageRef, messageRef));
    const retried = await post(body);
    expect(retried.json().replies).toHaveLength(2);
    const [row] = await b.ctx.db.select().from(assistantWhatsappDeliveries).where(eq(assistantWhatsappDeliveries.messageRef, messageRef));
    expect(row!.replies).toEqual(retried.json().replies.map((r: { text: string }) => r.text));
  });

  it('remembers unsupported messages too, and forgets deliveries with their conversation', async () => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ changes: [{ value: { messages: [{ from: '33633333333', id: 'wamid.image', type: 'image' }] } }] }],
    });
    const first = await post(body);
    expect(first.json().replies).toHaveLength(1);
    expect((await post(body)).json()).toEqual(first.json());

    const answered = await post(whatsappBody('33644444444', 'Quels sont les horaires de la déchèterie ?', 'wamid.forget-me'));
    expect(answered.json().replies).toHaveLength(2);
    const messageRef = await hashWhatsAppMessageId(b.ctx, 'wamid.forget-me');
    const [row] = await b.ctx.db.select().from(assistantWhatsappDeliveries).where(eq(assistantWhatsappDeliveries.messageRef, messageRef));
    await b.ctx.db.delete(assistantConversations).where(eq(assistantConversations.id, row!.conversationId!));
    expect(await b.ctx.db.select().from(assistantWhatsappDeliveries).where(eq(assistantWhatsappDeliveries.messageRef, messageRef))).toEqual([]);
  });
});

describe('sender hashing without BEFFROI_SECRET', () => {
  let plain: BeffroiApp;
  beforeAll(async () => {
    plain = await createTestApp();
    await plain.ctx.db.transaction((tx) => plain.ctx.settings.set(tx, { type: 'system', id: null }, 'assistant.channels', { webhookSecret: WEBHOOK_SECRET }));
  }, 180_000);
  afterAll(() => plain?.close());

  it('uses a key derived from the secret the installation generated at start, not a built-in one', async () => {
    expect(plain.ctx.config.secret).toBeUndefined();
    // The generated key is in the keys folder; the database holds only its fingerprint.
    const instanceKey = configuredInstanceKey(plain.ctx.config);
    expect(instanceKey?.source).toBe('file');
    const [secretRow] = await plain.ctx.db.select().from(instanceSecrets);
    expect(secretRow).toMatchObject({ value: null, fingerprint: instanceKeyFingerprint(instanceKey!.key) });
    const res = await plain.app.inject({
      method: 'POST',
      url: '/api/assistant/webhook',
      headers: { [WEBHOOK_SECRET_HEADER]: WEBHOOK_SECRET },
      payload: { conversationRef: '+33655555555', text: 'Bonjour' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const [conversation] = await plain.ctx.db.select().from(assistantConversations).where(eq(assistantConversations.channel, 'webhook'));
    const key = deriveKey(instanceKey!.key, 'assistant.channel-ref');
    expect(conversation!.externalRef).toBe(createHmac('sha256', key).update('webhook:+33655555555').digest('hex'));
    expect(conversation!.externalRef).not.toBe(createHmac('sha256', 'beffroi-sender-ref').update('webhook:+33655555555').digest('hex'));
  });
});
