import { useTranslation } from 'react-i18next';
import { Page } from '../components/Page';
import { useSite } from '../components/SiteContext';

export function AccessibilityPage() {
  const { t } = useTranslation();
  const { organisation, siteName } = useSite();
  return (
    <Page title={t('accessibility.title')}>
      <p>{t('accessibility.intro', { name: organisation?.name ?? siteName })}</p>
      <h2>{t('accessibility.statusTitle')}</h2>
      <p>
        <strong>{t('accessibility.status')}</strong> {t('accessibility.statusText')}
      </p>
      <h2>{t('accessibility.testedTitle')}</h2>
      <p>{t('accessibility.testedText')}</p>
      <h2>{t('accessibility.contactTitle')}</h2>
      <p>
        {t('accessibility.contactText')}{' '}
        {organisation?.contactEmail && <a href={`mailto:${organisation.contactEmail}`}>{organisation.contactEmail}</a>}
      </p>
      <h2>{t('accessibility.remedyTitle')}</h2>
      <p>
        {t('accessibility.remedyText')}{' '}
        <a href="https://formulaire.defenseurdesdroits.fr/" rel="noreferrer">
          {t('accessibility.remedyLink')}
        </a>
      </p>
    </Page>
  );
}
