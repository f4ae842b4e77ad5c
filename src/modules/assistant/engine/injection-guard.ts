/**
 * A validated document can still carry text aimed at the assistant rather than at residents
 * (a crawled page with a hidden instruction, a pasted phishing link). Sentences that address
 * an AI, imitate prompt delimiters, embed images, or link outside the commune's and the
 * State's sites are never quoted in an answer, whether extractive or generated. Pure.
 */

const ADDRESSED_TO_AI: RegExp[] = [
  /\bignore[rz]?\b[^.\n]{0,40}\b(instructions?|règles|rules|consignes)\b/iu,
  /\b(previous|précédentes?|above|ci-dessus)\s+(instructions?|consignes)\b/iu,
  /\b(system\s*prompt|prompt\s*système|message\s*système)\b/iu,
  /(^|\n|\s)(system|système|systeme|assistant|user|developer)\s*:/iu,
  /\bnote\s+(à|a|to)\s+l['’]?\s*(assistant|ia|ai)\b/iu,
  /\b(assistant|chatbot|ia|ai|llm|model|modèle)\s*[:,]\s*(when|quand|always|toujours|ignore|réponds|answer|reply|dis|say)\b/iu,
  /\b(réponds|répondez|answer|reply|say|dis)\s+(toujours\s+|always\s+)?(que|that)\b/iu,
  /\b(à|a) toute question\b|\bto (any|every) question\b/iu,
  /\bdecode\b[^.\n]{0,20}\b(follow|execute|run)\b|\bdécode\b[^.\n]{0,30}\bexécute/iu,
  /<\|?(im_start|im_end|endoftext|system|\/?passage|\/?question|\/?system)\b/iu,
  /<!--/u,
  /!\[[^\]]*\]\(/u,
];

/** Hosts (and their subdomains) that answers may link to besides the commune's own sites. */
export const PUBLIC_SERVICE_DOMAINS = ['service-public.fr', 'gouv.fr', 'ameli.fr', 'caf.fr', 'legifrance.gouv.fr'];

const URL_RE = /\bhttps?:\/\/[^\s<>()[\]"'`]+|\bwww\.[^\s<>()[\]"'`]+/giu;
/** Invisible characters used to hide text ("ASCII smuggling" tags, zero-width, bidi controls). */
const HIDDEN_RE = /[\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]|\uDB40[\uDC00-\uDC7F]/u;

export function hostOf(url: string): string | null {
  try {
    return new URL(/^https?:/i.test(url) ? url : `https://${url}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

function withinDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** The domains a commune's answers may link to: its documents' sites and the State's. */
export function allowedLinkDomains(sourceUrls: Iterable<string | null>): string[] {
  const out = new Set(PUBLIC_SERVICE_DOMAINS);
  for (const u of sourceUrls) {
    const h = u ? hostOf(u) : null;
    if (h) out.add(h.replace(/^www\./, ''));
  }
  return [...out];
}

export function hasForeignLink(text: string, allowedDomains: readonly string[]): boolean {
  for (const m of text.matchAll(URL_RE)) {
    const host = hostOf(m[0].replace(/[.,;:!?]+$/, ''));
    if (!host || !allowedDomains.some((d) => withinDomain(host, d))) return true;
  }
  return false;
}

export function addressesAnAssistant(text: string): boolean {
  return HIDDEN_RE.test(text) || ADDRESSED_TO_AI.some((re) => re.test(text));
}

/** Whether a sentence may be shown to a resident. */
export function isQuotable(text: string, allowedDomains: readonly string[]): boolean {
  return !addressesAnAssistant(text) && !hasForeignLink(text, allowedDomains);
}
