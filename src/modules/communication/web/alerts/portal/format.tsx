import { useTranslation } from 'react-i18next';
import { useResource } from '@web/components/useResource';
import { alertsApi, type AlertOptions } from '../api';

/** One request for the topics' names however many items show them (the list may hold a hundred). */
let optionsOnce: Promise<AlertOptions> | null = null;
const sharedOptions = () => {
  optionsOnce ??= alertsApi.options().catch((err: unknown) => {
    optionsOnce = null;
    throw err;
  });
  return optionsOnce;
};

export function formatDay(language: string, iso: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

/** The topics' names, after the date: " · Culture, Sport". */
export function TopicNames({ ids }: { ids: readonly string[] }) {
  const { i18n } = useTranslation('communication');
  const options = useResource(sharedOptions, []);
  if (!ids.length || !options.data) return null;
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const names = ids.map((id) => options.data!.topics.find((x) => x.id === id)?.[lang] ?? id);
  return <> · {names.join(', ')}</>;
}
