import { describe, expect, it } from 'vitest';
import { charsetOf, parseJsonBody } from './json-body';
import { HttpProblem } from './problem';

function problemOf(fn: () => unknown): HttpProblem {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpProblem) return err;
    throw err;
  }
  throw new Error('expected a problem');
}

describe('JSON request bodies', () => {
  it('reads the charset parameter, quoted or not, in any case', () => {
    expect(charsetOf('application/json')).toBeNull();
    expect(charsetOf('application/json; charset=UTF-8')).toBe('utf-8');
    expect(charsetOf('application/json;charset="ISO-8859-1"')).toBe('iso-8859-1');
    expect(charsetOf('application/json; foo=bar; Charset = utf8')).toBe('utf8');
    expect(charsetOf(undefined)).toBeNull();
  });

  it('accepts UTF-8 declared or implied, and keeps its accents', () => {
    const bytes = Buffer.from('{"name":"Hôtel de ville"}', 'utf8');
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/json; charset=UTF8']) {
      expect(parseJsonBody(type, bytes)).toEqual({ name: 'Hôtel de ville' });
    }
  });

  it('refuses another charset with 415 rather than replace its accents', () => {
    const latin1 = Buffer.from('{"name":"Hôtel de ville"}', 'latin1');
    const problem = problemOf(() => parseJsonBody('application/json; charset=iso-8859-1', latin1));
    expect(problem).toMatchObject({ status: 415, code: 'unsupported_charset' });
  });

  it('refuses bytes that are not UTF-8 with 400', () => {
    const latin1 = Buffer.from('{"name":"Hôtel de ville"}', 'latin1');
    expect(problemOf(() => parseJsonBody('application/json', latin1))).toMatchObject({ status: 400, code: 'invalid_utf8' });
    const overlong = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]);
    expect(problemOf(() => parseJsonBody('application/json', overlong))).toMatchObject({ status: 400, code: 'invalid_utf8' });
  });

  it('refuses empty and malformed bodies as malformed JSON', () => {
    for (const text of ['', '  ', '{', '{"a":1,}', 'hello']) {
      expect(problemOf(() => parseJsonBody('application/json', Buffer.from(text)))).toMatchObject({ status: 400, code: 'malformed_json' });
    }
  });

  it('keeps __proto__ and constructor as ordinary keys, without touching any prototype', () => {
    const body = parseJsonBody('application/json', Buffer.from('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"a":1}')) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['__proto__', 'constructor', 'a']);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((body as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
