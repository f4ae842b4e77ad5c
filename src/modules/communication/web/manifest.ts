import type { Language, WebModule } from '@web/shell/web-module';
import { actsWeb } from './acts/web';
import { agendaWeb } from './agenda/web';
import { alertsWeb } from './alerts/web';
import { budgetWeb } from './budget/web';
import type { PartWeb } from './part-web';

/**
 * The communication module's pages, part by part (`<part>/web.ts`): each part's messages are loaded
 * under its own key of the `communication` namespace (`acts.…`, `alerts.…`), beside the shared ones
 * (`i18n/*.json`, e.g. topics).
 */
const PARTS: readonly PartWeb[] = [actsWeb, alertsWeb, budgetWeb, agendaWeb];

async function messages(language: Language): Promise<{ default: Record<string, unknown> }> {
  const [common, ...parts] = await Promise.all([
    language === 'en' ? import('./i18n/en.json') : import('./i18n/fr.json'),
    ...PARTS.map((p) => p.messages(language)),
  ]);
  return { default: Object.assign({}, common.default, ...PARTS.map((p, i) => ({ [p.name]: parts[i]!.default }))) };
}

export const communicationWeb: WebModule = {
  name: 'communication',
  messages,
  portal: {
    routes: PARTS.flatMap((p) => p.portal?.routes ?? []),
    nav: PARTS.flatMap((p) => p.portal?.nav ?? []),
    home: PARTS.flatMap((p) => p.portal?.home ?? []),
  },
  admin: {
    routes: PARTS.flatMap((p) => p.admin?.routes ?? []),
    nav: PARTS.flatMap((p) => p.admin?.nav ?? []),
    dashboard: PARTS.flatMap((p) => p.admin?.dashboard ?? []),
  },
};
