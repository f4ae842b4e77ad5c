import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { characterCount, line, paragraph, text, textProblem } from './text';

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
});
