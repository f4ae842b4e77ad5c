import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useRegister } from '../api/register';
import i18n, { currentLanguage } from '../i18n';

const storageKey = (entryId: string) => `beffroi.aiNotice.${entryId}`;

function readAcknowledged(entryId: string): boolean {
  try {
    return sessionStorage.getItem(storageKey(entryId)) === '1';
  } catch {
    return false;
  }
}

/** Whether the resident has already read the notice for this feature during this visit. */
export function useAiNoticeAcknowledged(entryId: string): [boolean, () => void] {
  const [acknowledged, setAcknowledged] = useState(() => readAcknowledged(entryId));
  const acknowledge = () => {
    try {
      sessionStorage.setItem(storageKey(entryId), '1');
    } catch {
      /* the notice will show again on the next page; that is acceptable */
    }
    setAcknowledged(true);
  };
  return [acknowledged, acknowledge];
}

interface AiNoticeProps {
  /** Id of the feature's entry in the algorithm register, e.g. `assistant.answers`. */
  entryId: string;
  /** Called when the resident dismisses the notice ("J'ai compris"). */
  onAcknowledge?: () => void;
}

/**
 * Tells residents, before they first use a feature, that an automated system answers them,
 * what it does and does not do, and where its register entry is (EU AI Act art. 50).
 * Once acknowledged it shrinks to one line that keeps the link.
 */
export function AiNotice({ entryId, onAcknowledge }: AiNoticeProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const [acknowledged, acknowledge] = useAiNoticeAcknowledged(entryId);
  const { data } = useRegister();
  const entry = data?.entries.find((e) => e.id === entryId);
  const lang = currentLanguage();
  const specific = (part: string) => {
    const key = `aiNotice.entries.${entryId}.${part}`;
    return i18n.exists(key) ? t(key) : t(`aiNotice.generic.${part}`);
  };
  const registerLink = `/transparence#${encodeURIComponent(entryId)}`;

  if (acknowledged) {
    return (
      <p className="ai-notice-compact" data-testid="ai-notice-compact">
        <span className="ai-badge" aria-hidden="true">
          {t('aiNotice.badge')}
        </span>{' '}
        {t('aiNotice.compact')} <Link to={registerLink}>{t('aiNotice.learnMore')}</Link>
      </p>
    );
  }

  return (
    <section className="ai-notice" aria-labelledby={titleId} data-testid="ai-notice">
      <h2 id={titleId} className="ai-notice-title">
        <span className="ai-badge" aria-hidden="true">
          {t('aiNotice.badge')}
        </span>{' '}
        {t('aiNotice.title')}
      </h2>
      <p>
        {entry ? t('aiNotice.introNamed', { name: entry.name[lang] }) : t('aiNotice.intro')}
      </p>
      <div className="ai-notice-columns">
        <div>
          <h3>{t('aiNotice.doesTitle')}</h3>
          <p>{entry ? entry.purpose[lang] : specific('does')}</p>
        </div>
        <div>
          <h3>{t('aiNotice.doesNotTitle')}</h3>
          <p>{specific('doesNot')}</p>
        </div>
      </div>
      {entry && <p className="ai-notice-provider">{t('aiNotice.provider', { provider: providerText(entry.provider, t) })}</p>}
      <div className="ai-notice-actions">
        <Button
          className="button button-primary"
          onPress={() => {
            acknowledge();
            onAcknowledge?.();
          }}
        >
          {t('aiNotice.acknowledge')}
        </Button>
        <Link to={registerLink}>{t('aiNotice.registerLink')}</Link>
      </div>
    </section>
  );
}

export function providerText(
  provider: { kind: 'none' | 'openai-compatible'; label: string; model: string | null; baseUrl: string | null },
  t: TFunction<string | readonly string[]>,
): string {
  if (provider.kind === 'none') return t('register.providerNone');
  let host = provider.baseUrl ?? '';
  try {
    host = provider.baseUrl ? new URL(provider.baseUrl).host : '';
  } catch {
    /* show the raw value */
  }
  return t('register.providerExternal', { model: provider.model ?? '', host });
}
