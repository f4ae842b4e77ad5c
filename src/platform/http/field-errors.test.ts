import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { line } from '../validation/text';
import { fieldErrorsFromIssues, localizeFieldError } from './field-errors';

function errorsOf(schema: z.ZodType, input: unknown, base = '/body') {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) throw new Error('expected issues');
  return fieldErrorsFromIssues(result.error.issues, base);
}

const messages = (errors: ReturnType<typeof errorsOf>, language: 'fr' | 'en') =>
  Object.fromEntries(errors.map((e) => [e.pointer, localizeFieldError(e, language).message]));

describe('field errors from zod issues', () => {
  const schema = z.strictObject({
    name: line(5),
    email: z.email(),
    quantity: z.number().int().min(1).max(10),
    tags: z.array(z.string()).max(2),
    kind: z.enum(['a', 'b']),
    note: z.string().optional(),
  });

  it('word each issue in French by default and in English when asked', () => {
    const errors = errorsOf(schema, { name: 'trop long', email: 'x', quantity: 0, tags: ['a', 'b', 'c'], kind: 'c', note: 3, extra: true });
    expect(errors.map((e) => e.message)).toEqual(errors.map((e) => localizeFieldError(e, 'fr').message));
    expect(messages(errors, 'fr')).toEqual({
      '/body/name': 'Au plus 5 caractères.',
      '/body/email': 'Adresse électronique non valide.',
      '/body/quantity': 'Doit être supérieur ou égal à 1.',
      '/body/tags': 'Au plus 2 éléments.',
      '/body/kind': 'Valeur attendue parmi : a, b.',
      '/body/note': 'Texte attendu.',
      '/body/extra': 'Champ inconnu : « extra ».',
    });
    expect(messages(errors, 'en')).toEqual({
      '/body/name': 'At most 5 characters.',
      '/body/email': 'Invalid email address.',
      '/body/quantity': 'Must be at least 1.',
      '/body/tags': 'At most 2 items.',
      '/body/kind': 'Expected one of: a, b.',
      '/body/note': 'Expected text.',
      '/body/extra': 'Unknown field: "extra".',
    });
  });

  it('tells a missing field from a wrong one, and an empty required text', () => {
    const errors = errorsOf(schema, { name: '', email: 'a@b.fr', tags: [], kind: 'a' });
    expect(messages(errors, 'fr')).toEqual({ '/body/name': 'Obligatoire.', '/body/quantity': 'Obligatoire.' });
    expect(messages(errors, 'en')).toEqual({ '/body/name': 'Required.', '/body/quantity': 'Required.' });
  });

  it('words the refusals of the shared text type', () => {
    const errors = errorsOf(z.strictObject({ title: line(50) }), { title: 'deux\nlignes' });
    expect(messages(errors, 'fr')).toEqual({ '/body/title': 'Doit tenir sur une seule ligne.' });
    expect(messages(errors, 'en')).toEqual({ '/body/title': 'Must be on one line.' });
  });

  it('points at the field of the one union branch whose type the input has', () => {
    const body = z.union([z.strictObject({ text: z.string() }), z.array(z.strictObject({ text: z.string() }))]);
    const errors = errorsOf(body, [{ text: 1 }]);
    expect(errors.map((e) => e.pointer)).toEqual(['/body/0/text']);
  });

  it('escapes pointer tokens and names a refinement by its code when it gives one', () => {
    const refined = z.strictObject({ 'a/b': z.string(), from: z.string(), to: z.string() }).refine((d) => d.from <= d.to, { path: ['to'], message: 'to before from', params: { code: 'x.order' } });
    const errors = errorsOf(refined, { 'a/b': 1, from: 'b', to: 'a' });
    expect(errors.map((e) => e.pointer)).toEqual(['/body/a~1b']);
    const order = errorsOf(refined, { 'a/b': 'x', from: 'b', to: 'a' });
    const lookup = (code: string, language: 'fr' | 'en') => (code === 'x.order' ? { fr: 'Ordre inversé.', en: 'Wrong order.' }[language] : undefined);
    expect(localizeFieldError(order[0]!, 'en', lookup).message).toBe('Wrong order.');
    expect(localizeFieldError(order[0]!, 'fr').message).toBe('to before from');
  });

  it('leaves field errors it did not make as they are', () => {
    const own = { pointer: '/body/x', message: 'As written.', code: 'custom' };
    expect(localizeFieldError(own, 'en')).toBe(own);
  });
});
