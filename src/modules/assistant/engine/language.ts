/**
 * Tells French from English in a resident's question, with a few hundred function words:
 * questions are short, so a character n-gram model would be less reliable than this.
 * Anything undecided is French, the commune's language.
 */
export type AssistantLanguage = 'fr' | 'en';

const FRENCH = new Set(
  (
    'le la les un une des du de au aux et ou est sont je tu il elle nous vous ils elles mon ma mes ton ta votre vos ' +
    'notre nos pour dans sur avec sans par quel quelle quels quelles quand comment combien pourquoi où qui que quoi ' +
    'ce cette ces faut peut puis dois doit fait faire avoir être mairie bonjour merci svp ça est-ce ai à il-y'
  ).split(' '),
);

const ENGLISH = new Set(
  (
    'the a an and or is are am i you he she we they my your our their for in on at with without by what which when ' +
    'how much many why where who whom do does did can could should would will to of from it this that these those ' +
    'get need have has hello please thanks town hall there is be'
  ).split(' '),
);

export function detectLanguage(text: string): AssistantLanguage {
  if (/[éèêàùçœ]/i.test(text) && !/\b(the|what|how)\b/i.test(text)) return 'fr';
  const words = text
    .toLowerCase()
    .replace(/[’']/g, ' ')
    .split(/[^\p{L}-]+/u)
    .filter(Boolean);
  let fr = 0;
  let en = 0;
  for (const w of words) {
    if (FRENCH.has(w)) fr++;
    if (ENGLISH.has(w)) en++;
  }
  return en > fr ? 'en' : 'fr';
}
