/**
 * The agenda's formats: OpenAgenda mapping on the real Albi export (../shared) and on broken items,
 * and iCalendar output (RFC 5545): escaping, folding at 75 octets without cutting a UTF-8
 * character, CRLF, UTC times, UID and DTSTAMP.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_DATA_DIR } from '../../../platform/files/testing/fixtures';
import { DEFAULT_TOPICS } from '../topics';
import { escapeText, foldLine, icalendar, utcStamp } from './ical';
import { mapOpenAgenda, pickLanguage, plainText, topicsFor } from './openagenda';

const ALBI = path.join(SHARED_DATA_DIR, 'communication/events-albi/events.json');

describe('OpenAgenda mapping', () => {
  it('maps the real Albi export: one event per timing, French fields, place and coordinates, no personal data', () => {
    const json = JSON.parse(fs.readFileSync(ALBI, 'utf8'));
    const { events, problems, items } = mapOpenAgenda(json, DEFAULT_TOPICS);
    expect(items).toBe(75);
    expect(problems).toEqual([]);
    const timings = json.reduce((n: number, e: { timings: unknown[] }) => n + e.timings.length, 0);
    expect(events).toHaveLength(timings);
    const brocante = events.find((e) => e.title === 'La Brocante du samedi')!;
    expect(brocante).toMatchObject({ sourceUid: '48516406', place: 'Halle du Castelviel', address: 'Place du Foirail du Castelviel, 81000 Albi', lat: 43.926712, lng: 2.137092 });
    expect(brocante.startsAt.toISOString()).toBe('2023-11-25T06:00:00.000Z');
    expect(brocante.description).toContain('halle du Castelvieil');
    expect(new Set(events.map((e) => e.externalUid)).size).toBe(events.length);
    expect(JSON.stringify(events)).not.toContain('@mairie-albi.fr');
    // Keywords matched to topics ("conférence", "Scene nationale"… are not topics; "sport" is).
    expect(events.every((e) => e.topics.every((t) => DEFAULT_TOPICS.some((d) => d.id === t)))).toBe(true);
  });

  it('reports unreadable items with their index and keeps the others', () => {
    const { events, problems } = mapOpenAgenda(
      {
        events: [
          { uid: 1, title: { en: 'Only English' }, timings: [{ begin: '2026-05-01T10:00:00+02:00', end: '2026-05-01T09:00:00+02:00' }] },
          { title: { fr: 'Sans uid' }, timings: [{ begin: '2026-05-01T10:00:00+02:00' }] },
          { uid: 3, title: {}, timings: [{ begin: '2026-05-01T10:00:00+02:00' }] },
          { uid: 4, title: 'Sans horaire', timings: [] },
          { uid: 5, title: 'Horaire illisible', timings: [{ begin: 'demain' }, { begin: '2026-05-02T10:00:00Z' }] },
          'pas un objet',
        ],
      },
      DEFAULT_TOPICS,
    );
    expect(events.map((e) => e.title)).toEqual(['Only English', 'Horaire illisible']);
    // An end before the start is dropped rather than trusted.
    expect(events[0]!.endsAt).toBeNull();
    expect(problems.map((p) => [p.index, p.uid])).toEqual([
      [1, null],
      [2, '3'],
      [3, '4'],
      [4, '5'],
      [5, null],
    ]);
    expect(mapOpenAgenda({ foo: 1 }, DEFAULT_TOPICS).problems[0]!.index).toBe(-1);
  });

  it('passes titles, places and addresses through the platform text rules; refuses the item, never splits a character', () => {
    const timings = [{ begin: '2030-05-01T10:00:00+02:00', end: '2030-05-01T12:00:00+02:00' }];
    const items = [
      { uid: 'ok', title: { fr: `${'é'.repeat(199)}\u{1F600}` }, timings },
      { uid: 'nul', title: 'Fête', location: { name: 'Salle\u0085' }, timings },
      { uid: 'surrogate', title: 'Fête', location: { address: 'Rue \ud800' }, timings },
      { uid: 'empty', title: '<b></b>', timings },
      { uid: 'long', title: 'x'.repeat(201), timings },
      { uid: 'nfc', title: 'Cafe\u0301', description: `${'a'.repeat(4999)}\u{1F600}\u{1F600}`, timings },
    ];
    const { events, problems } = mapOpenAgenda(items, DEFAULT_TOPICS);
    expect(events.map((e) => e.sourceUid)).toEqual(['ok', 'nfc']);
    expect(Array.from(events[0]!.title)).toHaveLength(200);
    expect(events[0]!.title.endsWith('\u{1F600}')).toBe(true);
    expect(events[1]!.title).toBe('Caf\u00e9');
    expect(events[1]!.description.endsWith('a\u{1F600}')).toBe(true);
    expect(problems.map((p) => [p.uid, p.reason])).toEqual([
      ['nul', expect.stringContaining('place')],
      ['surrogate', expect.stringContaining('address')],
      ['empty', expect.stringContaining('title')],
      ['long', expect.stringContaining('trop long')],
    ]);
  });

  it('maps an all-day timing (00:00 to 23:59 Paris time) to whole Paris days', () => {
    const { events } = mapOpenAgenda(
      [
        { uid: 'fete', title: 'Fête', timings: [{ begin: '2030-07-13T00:00:00+02:00', end: '2030-07-14T23:59:00+02:00' }] },
        { uid: 'soir', title: 'Soirée', timings: [{ begin: '2030-07-13T20:00:00+02:00', end: '2030-07-13T23:59:00+02:00' }] },
      ],
      DEFAULT_TOPICS,
    );
    expect(events[0]).toMatchObject({ allDay: true, startsAt: new Date('2030-07-12T22:00:00Z'), endsAt: new Date('2030-07-14T22:00:00Z') });
    expect(events[1]!.allDay).toBe(false);
  });

  it('reads languages, strips HTML and matches topics', () => {
    expect(pickLanguage({ de: 'Hallo', fr: 'Bonjour' })).toBe('Bonjour');
    expect(pickLanguage({ de: 'Hallo' })).toBe('Hallo');
    expect(plainText('<p>Un <b>concert</b>&nbsp;gratuit</p><i>x</i>')).toBe('Un concert gratuit\n\nx');
    expect(topicsFor(['Sport', 'randonnée'], DEFAULT_TOPICS)).toEqual(['sport']);
    expect(topicsFor(['Patrimoine', 'visite'], DEFAULT_TOPICS)).toEqual(['culture']);
  });
});

describe('iCalendar', () => {
  const event = {
    uid: 'a1@beffroi',
    title: 'Concert; jazz, blues \\ soul',
    description: 'Ligne 1\nLigne 2, avec virgule',
    startsAt: new Date('2026-03-05T17:00:00Z'),
    endsAt: new Date('2026-03-05T19:30:00Z'),
    place: 'Salle des fêtes',
    address: '1 rue de la Paix',
    lat: 48.85,
    lng: 2.43,
    categories: ['Culture et patrimoine'],
    url: 'https://ville.example/agenda?evenement=a1',
    updatedAt: new Date('2026-01-01T00:00:00Z'),
  };

  it('escapes TEXT values', () => {
    expect(escapeText('a;b,c\\d\ne\r\nf')).toBe('a\\;b\\,c\\\\d\\ne\\nf');
  });

  it('folds lines at 75 octets without cutting a character', () => {
    const long = `DESCRIPTION:${'é'.repeat(100)}`;
    const folded = foldLine(long);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    for (const l of lines.slice(1)) expect(l.startsWith(' ')).toBe(true);
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(long);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('writes a valid calendar: CRLF, UTC times, UID, DTSTAMP, one VEVENT per event', () => {
    const ics = icalendar([event, { ...event, uid: 'a2@beffroi', endsAt: null, lat: null, lng: null, description: '' }], { name: 'Agenda, Ville', now: new Date('2026-02-01T08:00:00Z') });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n|\r/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(ics).toContain('X-WR-CALNAME:Agenda\\, Ville');
    expect(ics).toContain('DTSTAMP:20260201T080000Z');
    expect(ics).toContain('DTSTART:20260305T170000Z\r\nDTEND:20260305T193000Z');
    expect(ics).toContain('SUMMARY:Concert\\; jazz\\, blues \\\\ soul');
    expect(ics).toContain('DESCRIPTION:Ligne 1\\nLigne 2\\, avec virgule');
    expect(ics).toContain('GEO:48.850000;2.430000');
    expect(ics).toContain('UID:a2@beffroi');
    for (const l of ics.split('\r\n')) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(utcStamp(new Date('2026-12-31T23:59:59.999Z'))).toBe('20261231T235959Z');
  });
});

describe('iCalendar all-day events', () => {
  it('writes DATE values in Paris days with an exclusive DTEND', () => {
    const base = { uid: 'a@beffroi', title: 'Fête', description: '', place: null, address: null, lat: null, lng: null, categories: [], url: null, updatedAt: new Date('2030-01-01T00:00:00Z') };
    const two = icalendar([{ ...base, allDay: true, startsAt: new Date('2030-07-12T22:00:00Z'), endsAt: new Date('2030-07-14T22:00:00Z') }], { name: 'A', now: new Date('2030-01-01T00:00:00Z') });
    expect(two).toContain('DTSTART;VALUE=DATE:20300713\r\nDTEND;VALUE=DATE:20300715\r\n');
    const one = icalendar([{ ...base, allDay: true, startsAt: new Date('2030-12-14T23:00:00Z'), endsAt: null }], { name: 'A', now: new Date('2030-01-01T00:00:00Z') });
    expect(one).toContain('DTSTART;VALUE=DATE:20301215\r\nDTEND;VALUE=DATE:20301216\r\n');
    expect(one).not.toMatch(/DTSTART:/);
  });
});
