import { useTranslation } from 'react-i18next';
import { openDataHref, type ExportFile, type PublicConsultation } from '../api';

/**
 * The consultation's open data: published items only, texts as published (personal data masked),
 * never a participant's declarations. Imported Pol.is data carries its CC BY 4.0 attribution.
 */
export function OpenData({ consultation: c, headingLevel = 2 }: { consultation: PublicConsultation; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation('participation');
  const H = `h${headingLevel}` as 'h2';
  const groups: { key: string; files: ExportFile[]; show: boolean }[] = [
    { key: 'contributions', files: ['contributions.csv', 'contributions.json'], show: c.forms.contributions },
    { key: 'statements', files: ['statements.csv', 'statements.json'], show: c.forms.statements },
    { key: 'votes', files: ['votes.csv', 'votes.json'], show: c.forms.statements },
    { key: 'groups', files: ['groups.csv', 'groups.json'], show: c.forms.statements },
    { key: 'synthesis', files: ['synthesis.csv', 'synthesis.json'], show: c.phase === 'synthesis_published' },
    { key: 'polis', files: ['polis-comments.csv', 'polis-votes.csv', 'polis-participants-votes.csv'], show: c.forms.statements },
  ];
  return (
    <section className="section pa-open-data" aria-labelledby="pa-open-data-title" data-testid="open-data">
      <H id="pa-open-data-title">{t('openData.title')}</H>
      <p>{t('openData.intro')}</p>
      <ul className="pa-download-list">
        {groups
          .filter((g) => g.show)
          .map((g) => (
            <li key={g.key}>
              <span className="pa-download-name">{t(`openData.sets.${g.key}`)}</span>{' '}
              {g.files.map((f, i) => (
                <span key={f}>
                  {i > 0 ? ' · ' : null}
                  <a href={openDataHref(c.id, f)} download aria-label={t('openData.fileLabel', { set: t(`openData.sets.${g.key}`), file: f })}>
                    {f.startsWith('polis-') ? f.replace(/^polis-/, '').replace(/\.csv$/, '') + '.csv' : f.endsWith('.json') ? 'JSON' : 'CSV'}
                  </a>
                </span>
              ))}
            </li>
          ))}
      </ul>
      {c.attribution ? (
        <p className="pa-attribution" data-testid="polis-attribution">
          <strong>{t('openData.attributionIntro')}</strong> <span lang="en">{c.attribution}</span>
        </p>
      ) : null}
    </section>
  );
}
