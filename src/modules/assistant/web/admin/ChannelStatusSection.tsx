import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '@web/api/client';
import type { ChannelStatus } from './api';


/** Whether WhatsApp replies reach residents, and how many did not: shown only where the WhatsApp channel is set up. */
export function ChannelStatusSection() {
  const { t, i18n } = useTranslation('assistant');
  const [status, setStatus] = useState<ChannelStatus | null>(null);

  useEffect(() => {
    let live = true;
    // The statistics stand on their own: a failed status request only hides this section.
    api.get<ChannelStatus>('/api/admin/assistant/channels').then(
      (s) => live && setStatus(s),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  const whatsapp = status?.whatsapp;
  if (!whatsapp || (!whatsapp.receiving && whatsapp.sending === 'response_only')) return null;
  const num = new Intl.NumberFormat(i18n.language);
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <section className="section" aria-labelledby="channels-title" data-testid="channel-status">
      <h2 id="channels-title">{t('admin.channels.title')}</h2>
      <p>{t(`admin.channels.sending_${whatsapp.sending}`)}</p>
      {whatsapp.sending === 'graph_api' ? (
        <>
          <dl className="stat-grid">
            <div className="stat">
              <dt>{t('admin.channels.pending')}</dt>
              <dd>{num.format(whatsapp.pending)}</dd>
            </div>
            <div className="stat">
              <dt>{t('admin.channels.failed', { days: whatsapp.failedSinceDays })}</dt>
              <dd>{num.format(whatsapp.failed)}</dd>
            </div>
          </dl>
          {whatsapp.lastFailureAt ? (
            <p>
              {t('admin.channels.lastFailure', {
                date: when.format(new Date(whatsapp.lastFailureAt)),
                reason: whatsapp.lastFailureReason ?? '—',
              })}
            </p>
          ) : null}
          {whatsapp.failed > 0 ? <p className="small">{t('admin.channels.failedHelp')}</p> : null}
        </>
      ) : null}
    </section>
  );
}
