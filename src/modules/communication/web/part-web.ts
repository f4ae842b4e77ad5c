import type { Language, WebModule } from '@web/shell/web-module';

/**
 * The web half of one part of the communication module. Its message keys are under the part's name
 * in the `communication` namespace: a label `acts.nav` is `acts.nav` in `acts/i18n/fr.json`'s
 * `{"nav": …}`.
 */
export interface PartWeb extends Pick<WebModule, 'portal' | 'admin'> {
  name: 'acts' | 'alerts' | 'budget' | 'agenda';
  messages: (language: Language) => Promise<{ default: Record<string, unknown> }>;
}
