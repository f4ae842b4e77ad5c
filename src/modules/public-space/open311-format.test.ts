import { describe, expect, it } from 'vitest';
import { checkAttributes, fromOpen311 } from './attributes';
import type { CategoryAttribute } from './api-schemas';
import { errorDocument, isoWithOffset, Open311Error, parseW3cDate, requestRange } from './open311-format';
import { escapeXml, toXml } from './xml';

describe('XML writer', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u0007c\td\ne\ud800f\uFFFEg')).toBe('ab' + 'c\td\nefg');
    expect(escapeXml('😀 é')).toBe('😀 é');
  });

  it('writes lists with their item names and null as an empty element', () => {
    expect(toXml('services', [{ service_code: 'a', metadata: true, description: null }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><services><service><service_code>a</service_code><metadata>true</metadata><description/></service></services>',
    );
    expect(() => toXml('unknown_list', [1])).toThrow();
    expect(() => toXml('bad name', 'x')).toThrow();
  });

  it('writes Open311 errors in both formats', () => {
    expect(errorDocument('xml', [{ code: 400, description: 'service_code <x> not found' }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><errors><error><code>400</code><description>service_code &lt;x&gt; not found</description></error></errors>',
    );
    expect(JSON.parse(errorDocument('json', [{ code: 404, description: 'x' }]))).toEqual([{ code: 404, description: 'x' }]);
  });
});

describe('Open311 dates', () => {
  it('writes Paris time with its offset, summer and winter', () => {
    expect(isoWithOffset(new Date('2024-07-25T12:03:04.567Z'))).toBe('2024-07-25T14:03:04+02:00');
    expect(isoWithOffset(new Date('2024-01-10T08:00:00Z'))).toBe('2024-01-10T09:00:00+01:00');
    expect(isoWithOffset(null)).toBeNull();
  });

  it('reads W3C date-times and dates', () => {
    expect(parseW3cDate('1994-11-05T08:15:30-05:00')!.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3cDate('1994-11-05T13:15:30Z')!.toISOString()).toBe('1994-11-05T13:15:30.000Z');
    expect(parseW3cDate('2024-05-01')!.toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(parseW3cDate('05/11/1994')).toBeNull();
    expect(parseW3cDate('2024-13-45T00:00:00Z')).toBeNull();
  });

  it('covers 90 days by default and refuses more, or an inverted range', () => {
    const now = new Date('2026-03-01T00:00:00Z');
    const d = requestRange(undefined, undefined, now);
    expect((d.end.getTime() - d.start.getTime()) / 86_400_000).toBe(90);
    expect(() => requestRange('2026-01-01T00:00:00Z', '2026-04-15T00:00:00Z', now)).toThrow(Open311Error);
    expect(() => requestRange('2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z', now)).toThrow(/before/);
    expect(() => requestRange('yesterday', undefined, now)).toThrow(/start_date/);
    expect(requestRange('2025-12-15T00:00:00Z', undefined, now).end).toEqual(now);
  });
});

describe('category attributes', () => {
  const defs: CategoryAttribute[] = [
    { code: 'n', datatype: 'number', required: true, description: 'n', datatypeDescription: null, order: 1, values: [] },
    { code: 'when', datatype: 'datetime', required: false, description: 'w', datatypeDescription: null, order: 2, values: [] },
    { code: 'one', datatype: 'singlevaluelist', required: false, description: 'o', datatypeDescription: null, order: 3, values: [{ key: 'a', name: 'A' }, { key: 'b', name: 'B' }] },
    { code: 'many', datatype: 'multivaluelist', required: false, description: 'm', datatypeDescription: null, order: 4, values: [{ key: 'a', name: 'A' }, { key: 'b', name: 'B' }] },
    { code: 's', datatype: 'string', required: false, description: 's', datatypeDescription: null, order: 5, values: [] },
    { code: 't', datatype: 'text', required: false, description: 't', datatypeDescription: null, order: 6, values: [] },
  ];

  it('accepts typed answers and Open311’s strings', () => {
    const r = checkAttributes(defs, { n: '3', when: '2026-01-01T10:00:00+01:00', one: 'a', many: ['a', 'b', 'a'], s: 'x', t: 'line\nline' });
    expect(r.problems).toEqual([]);
    expect(r.values).toEqual({ n: 3, when: '2026-01-01T10:00:00+01:00', one: 'a', many: ['a', 'b'], s: 'x', t: 'line\nline' });
  });

  it('reports every bad value by its code', () => {
    const r = checkAttributes(defs, { n: 'three', when: 'tomorrow', one: 'z', many: ['a', 'z'], s: 'two\nlines', extra: 1 });
    expect(r.problems.map((p) => p.code).sort()).toEqual(['extra', 'many', 'n', 'one', 's', 'when']);
    expect(checkAttributes(defs, {}).problems).toEqual([{ code: 'n', message: 'Required' }]);
  });

  it('reads attribute[code] and attribute[code][] form fields', () => {
    expect(fromOpen311({ 'attribute[n]': '2', 'attribute[many][]': ['a', 'b'], 'attribute[one]': 'a', service_code: 'x' })).toEqual({ n: '2', many: ['a', 'b'], one: 'a' });
  });
});
