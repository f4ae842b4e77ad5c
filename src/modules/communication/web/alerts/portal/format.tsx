import { useTranslation } from 'react-i18next';
import { useResource } from '@web/components/useResource';
import { alertsApi } from '../api';

export function formatDay(language: string, iso: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso));
}

/** The topics' names, after the date: " · Culture, Sport". */
export function TopicNames({ ids }: { ids: readonly string[] }) {
  const { i18n } = useTranslation('communication');
  const options = useResource(() => alertsApi.options(), []);
  if (!ids.length || !options.data) return null;
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const names = ids.map((id) => options.data!.topics.find((x) => x.id === id)?.[lang] ?? id);
  return <> · {names.join(', ')}</>;
}
