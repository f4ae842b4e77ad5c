import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { characterCount, email, httpUrl, line, paragraph, stripControlCharacters, text, textProblem } from './text';

describe('shared text type', () => {
  const schema = z.strictObject({ title: line(5), body: paragraph(10, { min: 0 }) });

  it('normalises line endings and Unicode (NFC), and trims', () => {
    expect(schema.parse({ title: ' e\u0301t\u00e9 ', body: 'a\r\nb\rc' })).toEqual({ title: 'été', body: 'a\nb\nc' });
  });

  it('refuses NUL, other C0 controls, DEL, C1 controls and unpaired surrogates', () => {
    for (const bad of ['a\u0000', 'a\u0007b', 'a\u001bb', 'a\u007f', 'a\u0085', '\ud800x', 'x\udfff']) {
      const r = schema.safeParse({ title: 'ok', body: bad });
      expect(r.success, JSON.stringify(bad)).toBe(false);
      expect(r.error!.issues[0]!.path).toEqual(['body']);
    }
  });

  it('accepts tab and newline in multi-line fields only', () => {
    expect(schema.safeParse({ title: 'ok', body: 'a\tb\nc' }).success).toBe(true);
    expect(schema.safeParse({ title: 'a\tb', body: '' }).success).toBe(false);
    expect(schema.safeParse({ title: 'a\nb', body: '' }).error!.issues[0]!.message).toBe('Must be on one line');
  });

  it('counts characters (code points), not UTF-16 units', () => {
    expect(characterCount('😀é')).toBe(2);
    expect(schema.safeParse({ title: '😀😀😀😀😀', body: '' }).success).toBe(true);
    expect(schema.safeParse({ title: '😀😀😀😀😀😀', body: '' }).success).toBe(false);
    // NFC first: five decomposed é are five characters.
    expect(schema.safeParse({ title: 'e\u0301'.repeat(5), body: '' }).success).toBe(true);
  });

  it('refuses a value far over its bound with the bound itself, once', () => {
    const issues = paragraph(2000).safeParse('a'.repeat(10_000)).error!.issues;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'too_big', maximum: 2000, message: 'At most 2000 characters' });
  });

  it('requires a line by default; min 0 allows empty', () => {
    expect(schema.safeParse({ title: '   ', body: '' }).success).toBe(false);
    expect(text({ max: 3 }).parse('')).toBe('');
  });

  it('describes its bounds in characters in JSON Schema (OpenAPI)', () => {
    expect(z.toJSONSchema(line(5))).toMatchObject({ type: 'string', maxLength: 5, minLength: 1 });
  });

  it('names the problem', () => {
    expect(textProblem('a\u0000')).toBe('control_character');
    expect(textProblem('a\nb')).toBe('line_break');
    expect(textProblem('a\nb', true)).toBeNull();
    expect(textProblem('\ud800')).toBe('unpaired_surrogate');
  });

  it('tells paired surrogates from unpaired ones', () => {
    expect(textProblem('😀')).toBeNull();
    for (const bad of ['\ud83d', '\ude00', '\ude00\ud83d', 'a\ud83d b']) expect(textProblem(bad), JSON.stringify(bad)).toBe('unpaired_surrogate');
  });

  it('checks an e-mail address once it is clean text, with one error for a control character', () => {
    expect(email().parse(' Habitant@Example.fr ')).toBe('Habitant@Example.fr');
    expect(email().safeParse('not an address').error!.issues.map((i) => i.message)).toEqual(['Must be an e-mail address']);
    expect(email().safeParse('a\u0000@example.fr').error!.issues.map((i) => i.message)).toEqual(['Must not contain control characters']);
    expect(email(10).safeParse('habitant@example.fr').success).toBe(false);
    expect(z.toJSONSchema(email(320))).toMatchObject({ type: 'string', format: 'email', maxLength: 320 });
  });

  it('checks an http(s) URL once it is clean text, and never throws on a malformed one', () => {
    expect(httpUrl().parse('https://mairie.example.fr/page?x=1')).toBe('https://mairie.example.fr/page?x=1');
    for (const bad of ['javascript:alert(1)', 'ftp://example.fr/', 'not a url', 'https://']) {
      expect(httpUrl().safeParse(bad).error!.issues.map((i) => i.message), bad).toEqual(['Must be an http(s) URL']);
    }
    expect(httpUrl().safeParse('https://ex\u0000ample.fr').error!.issues.map((i) => i.message)).toEqual(['Must not contain control characters']);
    // A refinement that parses the URL runs only on a value that passed: no exception, one error.
    const noQuery = httpUrl().refine((u) => !new URL(u).search, { message: 'No query', when: (p) => p.issues.length === 0 });
    expect(noQuery.safeParse('nonsense').error!.issues.map((i) => i.message)).toEqual(['Must be an http(s) URL']);
    expect(z.toJSONSchema(httpUrl(2000))).toMatchObject({ type: 'string', format: 'uri', maxLength: 2000 });
  });

  it('strips from outside text what a field would refuse, keeping line breaks and words apart', () => {
    expect(stripControlCharacters('a\u0000b\u0007c\u007f\u0085d')).toBe('abcd');
    expect(stripControlCharacters('page 1\fpage 2\u000bend')).toBe('page 1\npage 2\nend');
    expect(stripControlCharacters('tab\tline\r\nnext')).toBe('tab\tline\r\nnext');
    expect(stripControlCharacters('x\ud800y😀')).toBe('x\ufffdy😀');
    expect(textProblem(stripControlCharacters('\u0000\ud800\u001b[31m'), true)).toBeNull();
  });
});
