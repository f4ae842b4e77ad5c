import { useEffect, useRef, useState } from 'react';
import { Button, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextAreaInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, MODERATION_REASONS, paths, type ModerationFilter, type ModerationItem, type ModerationQueue, type ModerationReason } from '../api';
import { formatDate } from '../shared/format';
import { useResource } from '@web/components/useResource';
import { AdminConsultationNav } from './AdminConsultationNav';
import '../participation.css';

const STATUSES: ModerationFilter['status'][] = ['pending', 'flagged', 'accepted', 'rejected', 'all'];

/**
 * `/admin/participation/:id/moderation`: the queue. Each item shows the text as published (personal
 * data masked) beside the text as written when masking changed it, its flags, and accept / reject
 * (a reason is required to reject). After a decision the item leaves the queue and focus goes to
 * the next one, so that a moderator can work through it with the keyboard alone.
 */
export function ModerationPage() {
  const { t } = useTranslation('participation');
  const { id = '' } = useParams();
  const consultation = useResource(() => adminApi.consultation(id), [id]);
  const [filter, setFilter] = useState<ModerationFilter>({ status: 'pending', page: 1 });
  const queue = useResource(() => adminApi.moderation(id, filter), [id, filter.status, filter.itemType, filter.page]);
  const [announcement, setAnnouncement] = useState('');
  // Where focus goes once the queue is read again after a decision: the item now at the decided one's place.
  const focusAfter = useRef<{ index: number; before: ModerationQueue | null } | null>(null);
  const itemHeadings = useRef<(HTMLHeadingElement | null)[]>([]);
  const emptyText = useRef<HTMLParagraphElement>(null);
  const items = queue.data?.items ?? [];

  useEffect(() => {
    const pending = focusAfter.current;
    if (!pending || queue.loading || queue.data === pending.before) return;
    focusAfter.current = null;
    const target = items.length > 0 ? itemHeadings.current[Math.min(pending.index, items.length - 1)] : null;
    (target ?? emptyText.current)?.focus();
  }, [queue.data, queue.loading, items.length]);

  const c = consultation.data;
  return (
    <Page title={t('admin.moderation.title')} lead={c ? <p>{c.title}</p> : null} className="pa-page pa-admin">
      {c ? <AdminConsultationNav consultation={c} /> : null}
      <p>{t('admin.moderation.intro')}</p>
      <div className="pa-filters card">
        <RadioGroup
          className="pa-radio-group pa-radio-inline"
          value={filter.status}
          onChange={(v) => setFilter({ ...filter, status: v as ModerationFilter['status'], page: 1 })}
          orientation="horizontal"
        >
          <Label className="field-label">{t('admin.moderation.show')}</Label>
          {STATUSES.map((s) => (
            <Radio key={s} value={s} className="pa-radio">
              {t(`admin.moderation.filters.${s}`)}
            </Radio>
          ))}
        </RadioGroup>
        <RadioGroup
          className="pa-radio-group pa-radio-inline"
          value={filter.itemType ?? 'both'}
          onChange={(v) => setFilter({ ...filter, itemType: v === 'both' ? undefined : (v as ModerationFilter['itemType']), page: 1 })}
          orientation="horizontal"
        >
          <Label className="field-label">{t('admin.moderation.type')}</Label>
          {(['both', 'statement', 'contribution'] as const).map((s) => (
            <Radio key={s} value={s} className="pa-radio">
              {t(`admin.moderation.types.${s}`)}
            </Radio>
          ))}
        </RadioGroup>
      </div>
      <p role="status" className="pa-inline-status" data-testid="moderation-status">
        {announcement}
      </p>
      {queue.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, queue.error)}
        </p>
      ) : null}
      {!queue.data && !queue.error ? <Loading /> : null}
      {queue.data ? (
        <>
          <p ref={emptyText} tabIndex={-1} className="pa-queue-count">
            {queue.data.total === 0 ? t('admin.moderation.empty') : t('admin.moderation.count', { count: queue.data.total })}
          </p>
          <ol className="pa-queue" data-testid="moderation-queue">
            {items.map((item, index) => (
              <li key={`${item.itemType}-${item.id}`}>
                <ModerationCard
                  item={item}
                  headingRef={(el) => {
                    itemHeadings.current[index] = el;
                  }}
                  onDecided={(decided) => {
                    setAnnouncement(t(`admin.moderation.outcome.${decided.itemType}.${decided.status === 'accepted' ? 'accepted' : 'rejected'}`, { number: decided.number }));
                    focusAfter.current = { index, before: queue.data };
                    queue.reload();
                    consultation.reload();
                  }}
                />
              </li>
            ))}
          </ol>
          {queue.data.total > queue.data.pageSize ? (
            <nav className="pager" aria-label={t('admin.moderation.pages')}>
              <Button className="button" isDisabled={filter.page <= 1} onPress={() => setFilter({ ...filter, page: filter.page - 1 })}>
                {t('admin.moderation.previous')}
              </Button>
              <span>{t('admin.moderation.page', { page: filter.page, pages: Math.ceil(queue.data.total / queue.data.pageSize) })}</span>
              <Button className="button" isDisabled={filter.page * queue.data.pageSize >= queue.data.total} onPress={() => setFilter({ ...filter, page: filter.page + 1 })}>
                {t('admin.moderation.next')}
              </Button>
            </nav>
          ) : null}
        </>
      ) : null}
      {c ? (
        <p>
          <Link to={paths.admin.consultation(c.id)}>{t('admin.backToConsultation')}</Link>
        </p>
      ) : null}
    </Page>
  );
}

function ModerationCard({ item, headingRef, onDecided }: { item: ModerationItem; headingRef(el: HTMLHeadingElement | null): void; onDecided(item: ModerationItem): void }) {
  const { t, i18n } = useTranslation('participation');
  const [rejecting, setRejecting] = useState(false);
  const [returnFocus, setReturnFocus] = useState(false);
  const card = useRef<HTMLElement>(null);
  const [reason, setReason] = useState<ModerationReason | null>(null);
  const [note, setNote] = useState('');
  const { error, submit } = useSubmission();
  const flags = item.flags.abuse + item.flags.spam + item.flags.personal_data;
  const itemLabel = t(`flag.item.${item.itemType}`, { number: item.number });
  useEffect(() => {
    // The button pressed is replaced by the form (or back): focus follows, instead of falling to the page.
    if (rejecting) card.current?.querySelector<HTMLInputElement>('.pa-reject-form input')?.focus();
    else if (returnFocus) card.current?.querySelector<HTMLElement>('[data-action="reject"]')?.focus();
    setReturnFocus(false);
  }, [rejecting, returnFocus]);
  const decide = (decision: 'accept' | 'reject') =>
    submit(async () => {
      onDecided(await adminApi.decide(item.itemType, item.id, decision === 'accept' ? { decision } : { decision, reason: reason!, ...(note.trim() ? { note: note.trim() } : {}) }));
    });
  return (
    <article ref={card} className="card pa-moderation-item" aria-labelledby={`pa-item-${item.id}`} data-testid="moderation-item">
      <h2 id={`pa-item-${item.id}`} ref={headingRef} tabIndex={-1} className="pa-item-title">
        {t(`admin.moderation.itemTitle.${item.itemType}`, { number: item.number })}
      </h2>
      <p className="pa-item-meta">
        <span className="tag">{t(`status.${item.status}`)}</span> {t(`origin.${item.origin}`, { defaultValue: item.origin })}
        {item.participantNumber !== null ? <> · {t('admin.moderation.participant', { number: item.participantNumber })}</> : null} ·{' '}
        <time dateTime={item.createdAt}>{formatDate(i18n.language, item.createdAt, true)}</time>
      </p>
      {flags > 0 ? (
        <p className="pa-flags" data-testid="item-flags">
          <span className="tag tag-warning">{t('admin.moderation.flagged', { count: flags })}</span>{' '}
          {(['abuse', 'spam', 'personal_data'] as const)
            .filter((r) => item.flags[r] > 0)
            .map((r) => t('admin.moderation.flagReason', { reason: t(`flag.reasons.${r}`), count: item.flags[r] }))
            .join(' · ')}
        </p>
      ) : null}
      {item.originalText !== null ? (
        <div className="pa-texts">
          <div>
            <h3 className="pa-text-label">{t('admin.moderation.published')}</h3>
            <p className="pa-contribution-text" data-testid="masked-text">
              {item.text}
            </p>
          </div>
          <div>
            <h3 className="pa-text-label">{t('admin.moderation.original')}</h3>
            <p className="pa-contribution-text pa-original" data-testid="original-text">
              {item.originalText}
            </p>
            <p className="small">{t('admin.moderation.redactions', { kinds: [...new Set(item.redactions.map((r) => t(`redactions.${r.kind}`, { defaultValue: r.kind })))].join(', ') })}</p>
          </div>
        </div>
      ) : (
        <p className="pa-contribution-text" data-testid="masked-text">
          {item.text}
        </p>
      )}
      {item.moderationReason ? (
        <p className="small">
          {t('admin.moderation.decided', { reason: t(`moderationReasons.${item.moderationReason}`), date: formatDate(i18n.language, item.moderatedAt, true) })}
          {item.moderationNote ? ` — ${item.moderationNote}` : ''}
        </p>
      ) : null}
      <ErrorSummary error={error} />
      {!rejecting ? (
        <div className="form-actions" role="group" aria-label={t('admin.moderation.decisionFor', { item: itemLabel })}>
          {item.status !== 'accepted' ? (
            <Button className="button button-primary"  onPress={() => decide('accept')} aria-label={t('admin.moderation.acceptLabel', { item: itemLabel })}>
              {t('admin.moderation.accept')}
            </Button>
          ) : null}
          {item.status !== 'rejected' ? (
            <Button className="button button-danger" data-action="reject" onPress={() => setRejecting(true)} aria-label={t('admin.moderation.rejectLabel', { item: itemLabel })}>
              {t('admin.moderation.reject')}
            </Button>
          ) : null}
          {item.status === 'accepted' && flags > 0 ? (
            <Button className="button" onPress={() => decide('accept')}>
              {t('admin.moderation.keep')}
            </Button>
          ) : null}
        </div>
      ) : (
        <Form
          className="form pa-reject-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason) decide('reject');
          }}
        >
          <RadioGroup className="pa-radio-group" value={reason} onChange={(v) => setReason(v as ModerationReason)} isRequired>
            <Label className="field-label">{t('admin.moderation.reason', { item: itemLabel })}</Label>
            {MODERATION_REASONS.map((r) => (
              <Radio key={r} value={r} className="pa-radio">
                {t(`moderationReasons.${r}`)}
              </Radio>
            ))}
          </RadioGroup>
          <TextAreaInput label={t('admin.moderation.note')} description={t('admin.moderation.noteHelp')} rows={2} value={note} onChange={setNote} maxLength={500} />
          <div className="form-actions">
            <Button type="submit" className="button button-danger-strong"  isDisabled={!reason}>
              {t('admin.moderation.confirmReject')}
            </Button>
            <Button
              className="button"
              onPress={() => {
                setRejecting(false);
                setReturnFocus(true);
              }}
            >
              {t('common.cancel')}
            </Button>
          </div>
        </Form>
      )}
    </article>
  );
}
