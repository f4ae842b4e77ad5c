import { useTranslation } from 'react-i18next';
import type { ConsultationPhase } from '../api';

/** The phase in words, in a tag whose colour only repeats what the word says. */
export function PhaseTag({ phase }: { phase: ConsultationPhase }) {
  const { t } = useTranslation('participation');
  const tone = phase === 'open' ? 'tag-ok' : phase === 'synthesis_published' ? 'tag-risk-minimal' : 'tag-muted';
  return (
    <span className={`tag ${tone}`} data-testid="phase-tag">
      {t(`phase.${phase}`)}
    </span>
  );
}
