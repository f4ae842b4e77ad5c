/**
 * The rewritten summary: with a generation provider, the extractive summary is rewritten in plain
 * French, then held to the figure check against the whole act. Anything short of a clean pass —
 * the provider failing, an empty or overlong reply, one figure or name not found in the act — and
 * the extractive summary is shown instead. Nothing a model writes reaches a reader unchecked.
 */
import { describeProviderError, type ChatMessage, type GenerationClient } from '../../../platform/providers/openai.js';
import { checkFigures, type ActFigureIndex, type FigureFailure } from './figure-check.js';

export const REWRITE_SYSTEM_PROMPT = [
  "Tu rédiges pour les habitants d'une commune le résumé en français clair d'une délibération du conseil municipal.",
  'On te donne le titre de la délibération et des extraits de son texte.',
  'Règles :',
  "- 3 à 5 phrases courtes (20 mots au plus chacune), au présent, sans jargon administratif ; explique ce qui est décidé, pour qui, combien, à partir de quand, et le résultat du vote s'il est donné.",
  "- N'utilise que les informations des extraits. N'ajoute aucun chiffre, montant, date, durée, nom ni sigle qui n'y figure pas ; recopie chaque nombre, montant, date et nom exactement comme dans les extraits.",
  "- Pas de titre, pas de liste, pas de lien, pas de mise en forme, pas d'avis.",
  '- Réponds par le résumé seul.',
].join('\n');

export const MAX_REWRITE_CHARACTERS = 1200;

export function rewriteMessages(title: string | null, sentences: readonly string[]): ChatMessage[] {
  const extracts = sentences.map((s, i) => `${i + 1}. ${s.replace(/\s+/g, ' ').trim()}`).join('\n');
  return [
    { role: 'system', content: REWRITE_SYSTEM_PROMPT },
    { role: 'user', content: `Titre : ${title ?? '(sans titre)'}\n\nExtraits :\n${extracts}` },
  ];
}

export type RewriteOutcome =
  | { ok: true; text: string; model: string }
  | { ok: false; reason: 'provider_error' | 'empty' | 'too_long' | 'check_failed'; detail: string; failures?: FigureFailure[]; model: string };

/** Plain text of a reply: no Markdown emphasis, headings or bullets, one space between words. */
export function plainReply(reply: string): string {
  return reply
    .replace(/^\s*(?:#{1,6}\s+|[-*•]\s+|\d+[.)]\s+)/gm, '')
    .replace(/[*_`]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export async function rewriteSummary(
  generation: GenerationClient,
  input: { title: string | null; sentences: readonly string[]; act: ActFigureIndex },
  opts: { signal?: AbortSignal } = {},
): Promise<RewriteOutcome> {
  const model = generation.model;
  let reply: string;
  try {
    reply = await generation.complete(rewriteMessages(input.title, input.sentences), { temperature: 0, maxTokens: 600, ...(opts.signal ? { signal: opts.signal } : {}) });
  } catch (err) {
    return { ok: false, reason: 'provider_error', detail: describeProviderError(err), model };
  }
  const text = plainReply(reply);
  if (!/\p{L}{2}/u.test(text)) return { ok: false, reason: 'empty', detail: 'the provider returned no text', model };
  if (text.length > MAX_REWRITE_CHARACTERS) return { ok: false, reason: 'too_long', detail: `${text.length} characters`, model };
  const check = checkFigures(text, input.act);
  if (!check.ok) {
    return {
      ok: false,
      reason: 'check_failed',
      detail: check.failures.map((f) => `${f.kind}: "${f.raw}"`).join('; '),
      failures: check.failures,
      model,
    };
  }
  return { ok: true, text, model };
}
