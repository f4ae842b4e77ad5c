import type { AssistantLanguage } from '../engine/language';
import type { AssistantMessageView } from '../engine/service';

const LABELS = {
  fr: { sources: 'Sources', closest: 'Documents les plus proches', agent: 'Pour parler à un agent, utilisez le site de la commune.' },
  en: { sources: 'Sources', closest: 'Closest documents', agent: "To talk to a member of staff, use the commune's website." },
} as const;

/** An answer as plain text for messaging channels: citations become a numbered source list. */
export function renderPlainText(message: AssistantMessageView, language: AssistantLanguage): string {
  const l = LABELS[language];
  const parts = [message.text];
  if (message.citations.length) {
    parts.push('', `${l.sources} :`, ...message.citations.map((c) => `[${c.n}] ${c.title}${c.sourceUrl ? ` — ${c.sourceUrl}` : ''}`));
  } else if (message.suggestions.length) {
    parts.push('', `${l.closest} :`, ...message.suggestions.map((s) => `- ${s.title}${s.sourceUrl ? ` — ${s.sourceUrl}` : ''}`));
    if (message.handoffAvailable) parts.push('', l.agent);
  }
  return parts.join('\n');
}
