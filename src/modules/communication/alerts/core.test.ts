import { describe, expect, it } from 'vitest';
import { composeMail, confirmationMail, dueAt, isWellFormedToken, matchesSubscription, newToken, pushPayload, retryDelayMs, unsubscribeHeaders } from './core';

const sub = (over: Partial<{ topics: string[]; zones: string[]; wholeCommune: boolean }> = {}) => ({ topics: [], zones: [], wholeCommune: false, ...over });

describe('matchesSubscription', () => {
  it('needs a shared topic, unless either side has none', () => {
    expect(matchesSubscription(sub({ topics: ['culture'], wholeCommune: true }), { topics: ['culture', 'sport'], zones: [] })).toBe(true);
    expect(matchesSubscription(sub({ topics: ['culture'], wholeCommune: true }), { topics: ['sport'], zones: [] })).toBe(false);
    expect(matchesSubscription(sub({ topics: [], wholeCommune: true }), { topics: ['sport'], zones: [] })).toBe(true);
    expect(matchesSubscription(sub({ topics: ['culture'], wholeCommune: true }), { topics: [], zones: [] })).toBe(true);
  });

  it('needs a shared zone, unless the notice is for the whole commune or the subscription follows it all', () => {
    expect(matchesSubscription(sub({ zones: ['q:1'] }), { topics: [], zones: [] })).toBe(true);
    expect(matchesSubscription(sub({ zones: ['q:1'] }), { topics: [], zones: ['q:1', 'q:2'] })).toBe(true);
    expect(matchesSubscription(sub({ zones: ['q:1'] }), { topics: [], zones: ['q:2'] })).toBe(false);
    expect(matchesSubscription(sub({ wholeCommune: true }), { topics: [], zones: ['q:2'] })).toBe(true);
    expect(matchesSubscription(sub({ zones: ['q:1'], topics: ['culture'] }), { topics: ['sport'], zones: ['q:1'] })).toBe(false);
  });
});

describe('dueAt', () => {
  it('is now for immediate, the next 7 a.m. in Paris for daily, the next Monday 7 a.m. for weekly', () => {
    const now = new Date('2026-12-03T15:00:00Z'); // a Thursday, 16:00 in Paris
    expect(dueAt('immediate', now)).toEqual(now);
    expect(dueAt('daily', now).toISOString()).toBe('2026-12-04T06:00:00.000Z');
    expect(dueAt('weekly', now).toISOString()).toBe('2026-12-07T06:00:00.000Z');
    // Summer time: 7 a.m. in Paris is 5 a.m. UTC.
    expect(dueAt('daily', new Date('2026-07-01T10:00:00Z')).toISOString()).toBe('2026-07-02T05:00:00.000Z');
    // A Monday morning before 7: the same day.
    expect(dueAt('weekly', new Date('2026-12-07T04:00:00Z')).toISOString()).toBe('2026-12-07T06:00:00.000Z');
  });
});

describe('retryDelayMs', () => {
  it('doubles from one minute up to six hours', () => {
    expect(retryDelayMs(1)).toBe(60_000);
    expect(retryDelayMs(2)).toBe(120_000);
    expect(retryDelayMs(4)).toBe(480_000);
    expect(retryDelayMs(30)).toBe(6 * 3600_000);
  });
});

describe('tokens', () => {
  it('makes 43-character base64url tokens and refuses anything else', () => {
    const t = newToken();
    expect(isWellFormedToken(t)).toBe(true);
    expect(newToken()).not.toBe(t);
    for (const bad of ['', 'abc', `${t}x`, t.replace(/.$/, '/'), 42, null]) expect(isWellFormedToken(bad)).toBe(false);
  });
});

describe('mails', () => {
  const links = { base: 'https://mairie.example.fr', manageToken: 'T'.repeat(43) };
  const n = (title: string, at: string, over: Partial<{ kind: string; summary: string; path: string }> = {}) => ({
    kind: 'news',
    title,
    summary: `${title} : détails.`,
    path: `/actualites/${title.length}`,
    occurredAt: new Date(at),
    ...over,
  });

  it('gives the one-click unsubscribe headers of RFC 8058', () => {
    expect(unsubscribeHeaders('https://x.fr/u/1')).toEqual({ 'List-Unsubscribe': '<https://x.fr/u/1>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
  });

  it('titles an immediate alert with its notice and links it, the management page and the one-click URL', () => {
    const mail = composeMail({ language: 'fr', frequency: 'immediate', notices: [n('Travaux', '2026-12-01T10:00:00Z')], links });
    expect(mail.subject).toBe('Travaux');
    expect(mail.text).toContain('■ Actualité — Travaux');
    expect(mail.text).toContain('Lire : https://mairie.example.fr/actualites/7');
    expect(mail.text).toContain(`https://mairie.example.fr/alertes/gerer/${links.manageToken}`);
    expect(mail.headers['List-Unsubscribe']).toBe(`<https://mairie.example.fr/api/communication/alerts/unsubscribe/${links.manageToken}>`);
  });

  it('lists a digest’s notices oldest first, on one line each, in the subscription’s language', () => {
    const mail = composeMail({
      language: 'en',
      frequency: 'weekly',
      notices: [n('Second', '2026-12-02T10:00:00Z', { kind: 'event' }), n('First\nwith a break', '2026-12-01T10:00:00Z', { kind: 'deliberation' })],
      links,
    });
    expect(mail.subject).toBe('Your alerts of the week: 2 new items');
    expect(mail.text.indexOf('Council decision — First with a break')).toBeLessThan(mail.text.indexOf('Event — Second'));
    expect(mail.text).toContain('Read: https://mairie.example.fr/actualites/6');
    expect(() => composeMail({ language: 'fr', frequency: 'daily', notices: [], links })).toThrow();
  });

  it('writes the confirmation, or the management link for an address already confirmed', () => {
    const c = confirmationMail({ language: 'fr', alreadyConfirmed: false, confirmLink: 'https://x/c', manageLink: 'https://x/m' });
    expect(c.text).toContain('https://x/c');
    expect(c.text).not.toContain('https://x/m');
    const m = confirmationMail({ language: 'fr', alreadyConfirmed: true, confirmLink: 'https://x/c', manageLink: 'https://x/m' });
    expect(m.text).toContain('https://x/m');
    expect(m.text).not.toContain('https://x/c');
  });

  it('keeps a push payload short', () => {
    const one = JSON.parse(pushPayload('fr', [n('Travaux', '2026-12-01T10:00:00Z', { summary: 'x'.repeat(1000) })], 'https://m.fr'));
    expect(one).toEqual({ title: 'Travaux', body: expect.any(String), url: 'https://m.fr/actualites/7', lang: 'fr' });
    expect(JSON.parse(pushPayload('en', [n('Works', '2026-12-01T10:00:00Z')], 'https://m.fr')).lang).toBe('en');
    expect(one.body.length).toBeLessThanOrEqual(200);
    const many = JSON.parse(pushPayload('fr', [n('A', '2026-12-01T10:00:00Z'), n('B', '2026-12-01T11:00:00Z')], 'https://m.fr'));
    expect(many.title).toBe('2 nouveautés de la commune');
  });
});
