import type { AssistantLanguage } from '../engine/language';
import type { AssistantMessageView } from '../engine/service';

const LABELS = {
  fr: {
    sources: 'Sources',
    closest: 'Documents les plus proches',
    agent: 'Pour parler à un agent, utilisez le site de la commune.',
    quotedIn: (language: string) => `(Les documents sont en ${LANGUAGE_NAMES.fr[language] ?? language} : la réponse les cite tels quels.)`,
  },
  en: {
    sources: 'Sources',
    closest: 'Closest documents',
    agent: "To talk to a member of staff, use the commune's website.",
    quotedIn: (language: string) => `(The documents are in ${LANGUAGE_NAMES.en[language] ?? language}: the answer quotes them as written.)`,
  },
} as const;

const LANGUAGE_NAMES: Record<AssistantLanguage, Record<string, string>> = {
  fr: { fr: 'français', en: 'anglais' },
  en: { fr: 'French', en: 'English' },
};

/** Markdown emphasis and links as a messaging app shows them: `**gras**` → `*gras*`, `[label](url)` → `label (url)`. */
export function plainInline(text: string): string {
  return text.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (label === url ? label : `${label} (${url})`)).replace(/\*\*([^*\n]+)\*\*/g, '*$1*');
}

/**
 * An answer as plain text for messaging channels: lists and steps as lines under their label,
 * table rows with their headers (the answer's text already reads so), then each cited document
 * once with its citation numbers, and a line saying so when the quotes are in another language.
 */
export function renderPlainText(message: AssistantMessageView, language: AssistantLanguage): string {
  const l = LABELS[language];
  const parts = [plainInline(message.text)];
  if (message.decision === 'answered' && message.quotedInAnotherLanguage && message.sourcesLanguage) parts.push('', l.quotedIn(message.sourcesLanguage));
  if (message.citations.length) {
    // A message view built before sources were grouped has none: its citations are listed one by one.
    const sources = Array.isArray(message.sources) && message.sources.length
      ? message.sources.map((s) => `${s.citations.map((n) => `[${n}]`).join('')} ${s.title}${s.sourceUrl ? ` — ${s.sourceUrl}` : ''}`)
      : message.citations.map((c) => `[${c.n}] ${c.title}${c.sourceUrl ? ` — ${c.sourceUrl}` : ''}`);
    parts.push('', `${l.sources} :`, ...sources);
  } else if (message.suggestions.length) {
    parts.push('', `${l.closest} :`, ...message.suggestions.map((s) => `- ${s.title}${s.sourceUrl ? ` — ${s.sourceUrl}` : ''}`));
    if (message.handoffAvailable) parts.push('', l.agent);
  }
  return parts.join('\n');
}
