import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '@web/components/problem';
import { adminApi, type Contacts } from '../api';

/**
 * The contact details residents left, behind a click: each reading is audited by the server, and
 * only agents holding `public-space.contacts` get them (the others see the server's refusal).
 */
export function ContactsPanel({ reportId }: { reportId: string }) {
  const { t } = useTranslation('public-space');
  const [contacts, setContacts] = useState<Contacts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  return (
    <div className="ps-contacts" data-testid="contacts">
      {contacts ? (
        <ul>
          {contacts.items.map((c, i) => (
            <li key={i}>
              <strong>{t(`contacts.roles.${c.role}`)}</strong> : {[c.name, c.email, c.phone].filter(Boolean).join(' · ') || '—'}
              {c.notify ? ` (${t('contacts.notified')})` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <button
          type="button"
          className="button button-small"
          disabled={pending}
          onClick={() => {
            setPending(true);
            setError(null);
            adminApi
              .contacts(reportId)
              .then(setContacts, setError)
              .finally(() => setPending(false));
          }}
        >
          {t('contacts.show')}
        </button>
      )}
      {error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, error)}
        </p>
      ) : null}
      <p className="field-description">{t('contacts.audited')}</p>
    </div>
  );
}
