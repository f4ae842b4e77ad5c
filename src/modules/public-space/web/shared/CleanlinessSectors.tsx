import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CLEANLINESS_GRADES, type CleanlinessGrade, type CleanlinessView } from '../api';
import { ChartTable } from '@web/components/ChartTable';

/** A grade as a letter in a coloured badge, its meaning in words beside (never told by colour alone). */
export function GradeBadge({ grade }: { grade: CleanlinessGrade | null }) {
  const { t } = useTranslation('public-space');
  if (!grade) return <>{t('cleanliness.noSurvey')}</>;
  return (
    <span className={`ps-grade ps-grade-${grade}`}>
      <span className="ps-grade-letter">{grade}</span> {t(`cleanliness.grades.${grade}`)}
    </span>
  );
}

/** The thresholds between grades, as a sentence: "A up to 1, B up to 3, …, E above 12". */
export function GradeScale({ thresholds }: { thresholds: number[] }) {
  const { t, i18n } = useTranslation('public-space');
  const num = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const parts = CLEANLINESS_GRADES.map((g, i) =>
    i < thresholds.length ? t('cleanliness.scaleUpTo', { grade: g, value: num.format(thresholds[i]!) }) : t('cleanliness.scaleAbove', { grade: g, value: num.format(thresholds.at(-1) ?? 0) }),
  );
  return <p className="small">{t('cleanliness.scale', { list: parts.join(', ') })}</p>;
}

/** Each sector's index per 100 m² and grade, with its surveys and the density of cleanliness reports: bars and the table beside them. */
export function CleanlinessSectors({ view, testId }: { view: CleanlinessView; testId: string }) {
  const { t, i18n } = useTranslation('public-space');
  const num = useMemo(() => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 }), [i18n.language]);
  return (
    <ChartTable
      testId={testId}
      stacked
      caption={t('cleanliness.sectorsCaption')}
      columns={[t('cleanliness.sector'), t('cleanliness.index'), t('cleanliness.grade'), t('cleanliness.surveys'), t('cleanliness.area'), t('cleanliness.reports'), t('cleanliness.reportsPer1000')]}
      rows={view.sectors.map((s) => ({
        key: s.zoneCode,
        label: s.zoneName ?? s.zoneCode,
        cells: [
          s.index === null ? '—' : num.format(s.index),
          <GradeBadge key="g" grade={s.grade} />,
          num.format(s.surveys),
          num.format(s.surveyedAreaM2),
          num.format(s.reports),
          s.reportsPer1000 === null ? '—' : num.format(s.reportsPer1000),
        ],
        value: s.index ?? 0,
        valueText: s.index === null ? t('cleanliness.noSurvey') : `${num.format(s.index)} (${s.grade})`,
      }))}
    />
  );
}

/** Spearman's correlation between the sectors' index and their report density, in words. */
export function SurveyVsReports({ view }: { view: CleanlinessView }) {
  const { t, i18n } = useTranslation('public-space');
  const num = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const { spearman, sectors } = view.surveyVsReports;
  return <p data-testid="survey-vs-reports">{spearman === null ? t('cleanliness.noCorrelation', { count: sectors }) : t('cleanliness.correlation', { rho: num.format(spearman), count: sectors })}</p>;
}
