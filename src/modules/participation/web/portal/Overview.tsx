import { useEffect, useId, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { ModalDialog } from '@web/components/Modal';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { useSubmission } from '@web/components/useSubmission';
import { currentLanguage } from '@web/i18n';
import { paths, portalApi, type ParticipantView, type PublicConsultation } from '../api';
import { formatDate } from '../shared/format';
import { Markdown } from '../shared/Markdown';
import { useResource } from '@web/components/useResource';
import { ConsultationNav } from './ConsultationNav';
import { FlagButton } from './FlagButton';
import { OpenData } from './OpenData';
import { PhaseTag } from './PhaseTag';
import { ContributionForm, ProposeStatement } from './Submissions';
import { Voting } from './Voting';

interface OverviewProps {
  consultation: PublicConsultation;
  onChange(next: PublicConsultation): void;
}

/** The consultation itself: what it is about, then taking part (join, vote, propose, write), then what others wrote. */
export function Overview({ consultation: c, onChange }: OverviewProps) {
  const { t, i18n } = useTranslation('participation');
  const setMe = (me: ParticipantView | null) => onChange({ ...c, me });
  return (
    <Page title={c.title} lead={<p className="pa-question">{c.question}</p>} className="pa-page">
      <ConsultationNav consultation={c} />
      <p className="pa-meta">
        <PhaseTag phase={c.phase} />
        {c.demo ? <span className="tag tag-warning">{t('common.demo')}</span> : null}
        <Dates consultation={c} language={i18n.language} />
      </p>
      <Markdown text={c.description} />
      {c.scope.length > 0 ? <p className="pa-scope">{t('portal.scope', { districts: c.scope.map((z) => z.name).join(', ') })}</p> : null}

      {c.phase === 'open' ? <Participate consultation={c} setMe={setMe} /> : <EndedNotice consultation={c} />}
      {c.forms.contributions ? <PublishedContributions consultation={c} /> : null}
      <OpenData consultation={c} />
    </Page>
  );
}

function Dates({ consultation: c, language }: { consultation: PublicConsultation; language: string }) {
  const { t } = useTranslation('participation');
  if (c.phase === 'open') {
    return c.closesAt ? <span>{t('portal.closesOn', { date: formatDate(language, c.closesAt) })}</span> : null;
  }
  return c.closedAt ? <span>{t('portal.closedOn', { date: formatDate(language, c.closedAt) })}</span> : null;
}

function EndedNotice({ consultation: c }: { consultation: PublicConsultation }) {
  const { t } = useTranslation('participation');
  return (
    <section className="section card pa-ended" aria-labelledby="pa-ended-title">
      <h2 id="pa-ended-title">{t('portal.endedNoticeTitle')}</h2>
      <p>{t('portal.endedNoticeText')}</p>
      <ul>
        {c.forms.statements ? (
          <li>
            <Link to={paths.map(c.id)}>{t('portal.seeMap')}</Link>
          </li>
        ) : null}
        {c.phase === 'synthesis_published' ? (
          <li>
            <Link to={paths.synthesis(c.id)}>{t('portal.seeSynthesis')}</Link>
          </li>
        ) : (
          <li>{t('portal.synthesisComing')}</li>
        )}
      </ul>
    </section>
  );
}

/** Taking part: the join step first, then each form the consultation uses. */
function Participate({ consultation: c, setMe }: { consultation: PublicConsultation; setMe(me: ParticipantView | null): void }) {
  const { t } = useTranslation('participation');
  const joinedHeading = useRef<HTMLHeadingElement>(null);
  const joinHeading = useRef<HTMLHeadingElement>(null);
  const [focusAfter, setFocusAfter] = useState<'joined' | 'forgotten' | null>(null);
  const [forgotten, setForgotten] = useState(false);

  useEffect(() => {
    // After joining (or being forgotten) the section changes under the keyboard user's feet: say where they are.
    if (focusAfter === 'joined') joinedHeading.current?.focus();
    if (focusAfter === 'forgotten') joinHeading.current?.focus();
    setFocusAfter(null);
  }, [focusAfter]);

  if (!c.me) {
    return (
      <JoinStep
        consultation={c}
        headingRef={joinHeading}
        forgotten={forgotten}
        onJoined={(me) => {
          setForgotten(false);
          setMe(me);
          setFocusAfter('joined');
        }}
      />
    );
  }
  return (
    <>
      <section className="section" aria-labelledby="pa-joined-title">
        <h2 id="pa-joined-title" ref={joinedHeading} tabIndex={-1}>
          {t('join.joinedTitle')}
        </h2>
        <p data-testid="participant-number">{t('join.joinedText', { number: c.me.number })}</p>
      </section>
      {c.forms.statements ? <Voting consultation={c} /> : null}
      {c.forms.participantStatements ? <ProposeStatement consultation={c} /> : null}
      {c.forms.contributions ? <ContributionForm consultation={c} /> : null}
      <MyParticipation
        consultation={c}
        me={c.me}
        setMe={setMe}
        onForgotten={() => {
          setForgotten(true);
          setMe(null);
          setFocusAfter('forgotten');
        }}
      />
    </>
  );
}

/** The district and age band one may declare, with why they are asked; both optional. */
function DeclarationFields({
  consultation: c,
  district,
  ageBand,
  onDistrict,
  onAgeBand,
}: {
  consultation: PublicConsultation;
  district: string;
  ageBand: string;
  onDistrict(v: string): void;
  onAgeBand(v: string): void;
}) {
  const { t } = useTranslation('participation');
  const lang = currentLanguage();
  const noticeId = useId();
  const districtId = useId();
  const ageId = useId();
  return (
    <fieldset className="pa-declarations">
      <legend>{t('join.declarationsLegend')}</legend>
      <p id={noticeId} className="field-description">
        {c.declarationNotice[lang]}
      </p>
      <div className="form-grid">
        {c.districts.length > 0 ? (
          <div className="field">
            <label className="field-label" htmlFor={districtId}>
              {t('join.district')}
            </label>
            <select id={districtId} name="district" className="field-input" value={district} onChange={(e) => onDistrict(e.target.value)} aria-describedby={noticeId}>
              <option value="">{t('join.preferNotToSay')}</option>
              {c.districts.map((z) => (
                <option key={z.code} value={z.code}>
                  {z.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label className="field-label" htmlFor={ageId}>
            {t('join.ageBand')}
          </label>
          <select id={ageId} name="ageBand" className="field-input" value={ageBand} onChange={(e) => onAgeBand(e.target.value)} aria-describedby={noticeId}>
            <option value="">{t('join.preferNotToSay')}</option>
            {c.ageBands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.label[lang]}
              </option>
            ))}
          </select>
        </div>
      </div>
    </fieldset>
  );
}

type AgeBandId = NonNullable<ParticipantView['ageBand']>;

function JoinStep({
  consultation: c,
  onJoined,
  headingRef,
  forgotten,
}: {
  consultation: PublicConsultation;
  onJoined(me: ParticipantView): void;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  forgotten: boolean;
}) {
  const { t } = useTranslation('participation');
  const [district, setDistrict] = useState('');
  const [ageBand, setAgeBand] = useState('');
  const { pending, error, submit } = useSubmission();
  return (
    <section className="section card pa-join" aria-labelledby="pa-join-title" data-testid="join-step">
      <h2 id="pa-join-title" ref={headingRef} tabIndex={-1}>
        {t('join.title')}
      </h2>
      {forgotten ? (
        <p className="status status-success" role="status">
          {t('me.forgotten')}
        </p>
      ) : null}
      <p>{t('join.intro')}</p>
      <Form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          submit(async () =>
            onJoined(
              await portalApi.join(c.id, {
                ...(district ? { district } : {}),
                ...(ageBand ? { ageBand: ageBand as AgeBandId } : {}),
              }),
            ),
          );
        }}
      >
        <ErrorSummary error={error} />
        <DeclarationFields consultation={c} district={district} ageBand={ageBand} onDistrict={setDistrict} onAgeBand={setAgeBand} />
        <div className="form-actions">
          <Button type="submit" className="button button-primary pa-big-button" isDisabled={pending}>
            {t('join.submit')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

/** What the participant can see and change of themself: declarations, an optional e-mail, "forget me". */
function MyParticipation({
  consultation: c,
  me,
  setMe,
  onForgotten,
}: {
  consultation: PublicConsultation;
  me: ParticipantView;
  setMe(me: ParticipantView): void;
  onForgotten(): void;
}) {
  const { t } = useTranslation('participation');
  const lang = currentLanguage();
  const [district, setDistrict] = useState(me.district ?? '');
  const [ageBand, setAgeBand] = useState<string>(me.ageBand ?? '');
  const [email, setEmail] = useState('');
  const [saved, setSaved] = useState('');
  const [confirmForget, setConfirmForget] = useState(false);
  const declarations = useSubmission();
  const emailSubmission = useSubmission();
  const forget = useSubmission();
  const districtName = c.districts.find((z) => z.code === me.district)?.name;
  const ageLabel = c.ageBands.find((b) => b.id === me.ageBand)?.label[lang];

  return (
    <section className="section pa-me" aria-labelledby="pa-me-title">
      <h2 id="pa-me-title">{t('me.title')}</h2>
      <dl className="pa-facts">
        <div>
          <dt>{t('me.number')}</dt>
          <dd>{me.number}</dd>
        </div>
        <div>
          <dt>{t('me.activity')}</dt>
          <dd>{t('me.activityText', { votes: me.votes, statements: me.statementsSubmitted, contributions: me.contributionsSubmitted })}</dd>
        </div>
        <div>
          <dt>{t('join.district')}</dt>
          <dd>{districtName ?? t('me.notDeclared')}</dd>
        </div>
        <div>
          <dt>{t('join.ageBand')}</dt>
          <dd>{ageLabel ?? t('me.notDeclared')}</dd>
        </div>
      </dl>

      <details className="pa-details">
        <summary>{t('me.changeDeclarations')}</summary>
        <Form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            setSaved('');
            declarations.submit(async () => {
              setMe(await portalApi.declare(c.id, { district: district || null, ageBand: (ageBand || null) as AgeBandId | null }));
              setSaved(t('me.declarationsSaved'));
            });
          }}
        >
          <ErrorSummary error={declarations.error} />
          <DeclarationFields consultation={c} district={district} ageBand={ageBand} onDistrict={setDistrict} onAgeBand={setAgeBand} />
          <div className="form-actions">
            <Button type="submit" className="button">
              {t('me.saveDeclarations')}
            </Button>
          </div>
          <p role="status" className="pa-inline-status">
            {saved}
          </p>
        </Form>
      </details>

      <details className="pa-details">
        <summary>{t('email.title')}</summary>
        {me.emailConfirmed ? (
          <p>{t('email.confirmed')}</p>
        ) : (
          <Form
            className="form"
            validationErrors={fieldErrorsOf(t, emailSubmission.error)}
            onSubmit={(e) => {
              e.preventDefault();
              emailSubmission.submit(async () => {
                await portalApi.giveEmail(c.id, email.trim());
                setMe({ ...me, emailGiven: true });
                setEmail('');
              });
            }}
          >
            <p>{t('email.intro')}</p>
            <ErrorSummary error={emailSubmission.error} />
            <TextInput label={t('email.label')} name="email" type="email" autoComplete="email" isRequired value={email} onChange={setEmail} />
            <div className="form-actions">
              <Button type="submit" className="button">
                {t('email.send')}
              </Button>
            </div>
            <p role="status" className="pa-inline-status">
              {me.emailGiven && !emailSubmission.pending && !emailSubmission.error ? t('email.sent') : ''}
            </p>
          </Form>
        )}
      </details>

      <div className="pa-forget">
        <h3>{t('me.forgetTitle')}</h3>
        <p>{t('me.forgetText')}</p>
        {forget.error ? (
          <p className="error-text" role="alert">
            {problemMessage(t, forget.error)}
          </p>
        ) : null}
        <Button className="button button-danger" onPress={() => setConfirmForget(true)}>
          {t('me.forgetButton')}
        </Button>
        <ModalDialog isOpen={confirmForget} onClose={() => setConfirmForget(false)} title={t('me.forgetConfirmTitle')} role="alertdialog">
          <p>{t('me.forgetConfirmText')}</p>
          <div className="form-actions">
            <Button
              className="button button-danger-strong"
              
              onPress={() =>
                forget.submit(async () => {
                  await portalApi.forget(c.id);
                  setConfirmForget(false);
                  onForgotten();
                })
              }
            >
              {t('me.forgetConfirm')}
            </Button>
            <Button className="button" onPress={() => setConfirmForget(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </ModalDialog>
      </div>
    </section>
  );
}

/** What others wrote (published contributions), newest first, each with its "report" button for participants. */
function PublishedContributions({ consultation: c }: { consultation: PublicConsultation }) {
  const { t, i18n } = useTranslation('participation');
  const [pages, setPages] = useState(1);
  const list = useResource(() => portalApi.contributions(c.id, 1, pages * 10), [c.id, pages]);
  const data = list.data;
  return (
    <section className="section" aria-labelledby="pa-published-title">
      <h2 id="pa-published-title">{t('published.title')}</h2>
      {list.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, list.error)}
        </p>
      ) : null}
      {data && data.total === 0 ? <p>{t('published.none')}</p> : null}
      {data && data.items.length > 0 ? (
        <>
          <p>{t('published.count', { count: data.total })}</p>
          <ul className="pa-contribution-list" data-testid="published-contributions">
            {data.items.map((item) => (
              <li key={item.id} className="card">
                <p className="pa-contribution-head">
                  <strong>{t('published.number', { number: item.number })}</strong> · <time dateTime={item.createdAt}>{formatDate(i18n.language, item.createdAt)}</time>
                  {item.origin !== 'resident' ? <> · {t(`origin.${item.origin}`)}</> : null}
                </p>
                <p className="pa-contribution-text">{item.text}</p>
                {c.me ? <FlagButton consultationId={c.id} itemType="contribution" itemId={item.id} number={item.number} /> : null}
              </li>
            ))}
          </ul>
          {data.items.length < data.total ? (
            <Button className="button" onPress={() => setPages((p) => p + 1)}>
              {t('published.more')}
            </Button>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
