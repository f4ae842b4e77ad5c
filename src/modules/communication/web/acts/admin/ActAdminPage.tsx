import { useId, useState } from 'react';
import { Button, Form, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { ModalDialog } from '@web/components/Modal';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { SelectField } from '@web/components/SelectField';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { alertsApi, type AlertOptions } from '../../alerts/api';
import { adminApi, paths, portalApi, type AdminAct, type TopicList, type UpdateActInput } from '../api';
import '../acts.css';
import { ConfirmPublish } from './SessionAdminPage';

type LoadedAct = AdminAct & { text: string };
const KINDS = ['deliberation', 'minutes', 'decision', 'arrete'] as const;

/** `/admin/deliberations/actes/:id`: an act's metadata (number, subject, kind, topics, zones, outcome, votes), its summary, publication. */
export function ActAdminPage() {
  const { t } = useTranslation('communication');
  const { id = '' } = useParams();
  const act = useResource(() => adminApi.act(id), [id]);
  const topics = useResource(() => portalApi.topics(), []);
  // The neighbourhoods residents follow (the territory's zoning the alerts offer).
  const options = useResource(() => alertsApi.options(), []);
  if (act.error || topics.error) {
    return (
      <Page title={t('acts.admin.title')} className="acts-page">
        <p className="error-text" role="alert">
          {problemMessage(t, act.error ?? topics.error)}
        </p>
      </Page>
    );
  }
  if (!act.data || !topics.data || (!options.data && !options.error)) return <Loading />;
  return <ActEditor key={act.data.id + act.data.status} act={act.data} topics={topics.data} neighbourhoods={options.data?.zones ?? []} onChange={(a) => act.set({ ...a, text: act.data!.text })} />;
}

const numberOrNull = (v: string) => (v.trim() === '' ? null : Number(v));

function ActEditor({ act, topics, neighbourhoods, onChange }: { act: LoadedAct; topics: TopicList; neighbourhoods: AlertOptions['zones']; onChange: (a: AdminAct) => void }) {
  const { t, i18n } = useTranslation('communication');
  const published = act.status === 'published';
  const { pending, error, submit } = useSubmission();
  const [saved, setSaved] = useState<string | null>(null);
  const [number, setNumber] = useState(act.number);
  const [title, setTitle] = useState(act.title);
  const [kind, setKind] = useState<Key | null>(act.kind);
  // Only the commune's topics as they are now: an id the setting no longer has would block saving.
  const knownIds = new Set(topics.items.map((tp) => tp.id));
  const [chosen, setChosen] = useState<string[]>((act.topics.length ? act.topics : act.suggestedTopics).filter((id) => knownIds.has(id)));
  const [confirming, setConfirming] = useState<'publish' | 'delete' | null>(null);
  const navigate = useNavigate();
  const known = new Set(neighbourhoods.map((z) => z.ref));
  // Neighbourhoods are ticked; zones of other zonings (typed) stay in the text field.
  const [ticked, setTicked] = useState<string[]>(act.zones.filter((z) => known.has(z)));
  const [zones, setZones] = useState(act.zones.filter((z) => !known.has(z)).join(', '));
  const tick = (ref: string) => setTicked((c) => (c.includes(ref) ? c.filter((x) => x !== ref) : [...c, ref]));
  const [outcome, setOutcome] = useState<Key | null>(act.outcome ?? 'none');
  const [votesFor, setVotesFor] = useState(act.votesFor?.toString() ?? '');
  const [votesAgainst, setVotesAgainst] = useState(act.votesAgainst?.toString() ?? '');
  const [votesAbstention, setVotesAbstention] = useState(act.votesAbstention?.toString() ?? '');
  const [unanimous, setUnanimous] = useState(act.unanimous);
  const fieldErrors = fieldErrorsOf(t, error);
  const toggle = (id: string) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
  const zoneList = [
    ...ticked,
    ...zones
      .split(/[,\s]+/)
      .map((z) => z.trim())
      .filter(Boolean),
  ];
  const body = (): UpdateActInput =>
    published
      ? { topics: chosen, zones: zoneList }
      : {
          number,
          title,
          kind: kind as UpdateActInput['kind'],
          topics: chosen,
          zones: zoneList,
          outcome: outcome === 'none' ? null : (outcome as 'adopted' | 'rejected'),
          votesFor: numberOrNull(votesFor),
          votesAgainst: numberOrNull(votesAgainst),
          votesAbstention: numberOrNull(votesAbstention),
          unanimous,
        };
  const save = (e: React.FormEvent) => {
    e.preventDefault();
    setSaved(null);
    submit(async () => {
      onChange(await adminApi.updateAct(act.id, body()));
      setSaved(t('acts.admin.act.saved'));
    });
  };
  const publish = () => {
    setSaved(null);
    setConfirming(null);
    submit(async () => {
      await adminApi.updateAct(act.id, body());
      onChange(await adminApi.publishAct(act.id));
    });
  };
  const remove = () => {
    setConfirming(null);
    submit(async () => {
      await adminApi.deleteAct(act.id);
      navigate(paths.admin.session(act.sessionId));
    });
  };
  const needsOutcome = !published && kind === 'deliberation' && outcome === 'none';
  const topicLabel = (tp: TopicList['items'][number]) => (i18n.language === 'en' ? tp.en : tp.fr);
  return (
    <Page title={act.title} className="acts-page">
      <p className="acts-links">
        <Link to={paths.admin.session(act.sessionId)}>{t('acts.admin.act.back')}</Link>
        {act.file ? <a href={`/api/admin/communication/acts/${act.id}/file`}>{t('acts.admin.act.original', { filename: act.file.filename })}</a> : null}
        {published ? <Link to={paths.act(act.id)}>{t('acts.admin.act.publicPage')}</Link> : null}
      </p>
      <p>
        <span className={`tag ${published ? 'tag-ok' : 'tag-muted'}`}>{t(`acts.status.${act.status}`)}</span> {t(`acts.textStatus.${act.textStatus}`)}
      </p>
      {published ? <p>{t('acts.admin.act.frozen')}</p> : null}
      <Form className="form card" onSubmit={save} validationErrors={fieldErrors}>
        <ErrorSummary error={error} fieldErrors={fieldErrors} />
        {saved ? <p role="status">{saved}</p> : null}
        <TextInput label={t('acts.admin.act.number')} name="number" value={number} onChange={setNumber} isDisabled={published} maxLength={60} />
        <TextInput label={t('acts.admin.act.subject')} name="title" value={title} onChange={setTitle} isDisabled={published} isRequired maxLength={500} />
        {published ? null : <SelectField label={t('acts.admin.act.kind')} name="kind" value={kind} onChange={setKind} options={KINDS.map((k) => ({ id: k, label: t(`acts.kind.${k}`) }))} />}
        <fieldset className="acts-topics">
          <legend>{t('acts.admin.act.topics')}</legend>
          {topics.items.map((tp) => (
            <label key={tp.id} className="acts-check">
              <input type="checkbox" name="topics" value={tp.id} checked={chosen.includes(tp.id)} onChange={() => toggle(tp.id)} />
              <span>
                {topicLabel(tp)}
                {act.suggestedTopics.includes(tp.id) ? <span className="small"> ({t('acts.admin.act.suggested')})</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
        {neighbourhoods.length ? (
          <fieldset className="acts-topics">
            <legend>{t('acts.admin.act.neighbourhoods')}</legend>
            <p className="small">{t('acts.admin.act.neighbourhoodsHelp')}</p>
            {neighbourhoods.map((z) => (
              <label key={z.ref} className="acts-check">
                <input type="checkbox" name="neighbourhoods" value={z.ref} checked={ticked.includes(z.ref)} onChange={() => tick(z.ref)} />
                <span>{z.name}</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <TextInput label={t('acts.admin.act.zones')} description={t('acts.admin.act.zonesHelp')} name="zones" value={zones} onChange={setZones} />
        {published ? null : (
          <>
            <SelectField
              label={t('acts.admin.act.outcome')}
              name="outcome"
              value={outcome}
              onChange={setOutcome}
              description={needsOutcome ? t('acts.admin.act.outcomeRequired') : undefined}
              options={[
                { id: 'adopted', label: t('acts.outcome.adopted') },
                { id: 'rejected', label: t('acts.outcome.rejected') },
                { id: 'none', label: t('acts.outcome.unknown') },
              ]}
            />
            <TextInput label={t('acts.admin.act.votesFor')} name="votesFor" type="number" inputMode="numeric" value={votesFor} onChange={setVotesFor} />
            <TextInput label={t('acts.admin.act.votesAgainst')} name="votesAgainst" type="number" inputMode="numeric" value={votesAgainst} onChange={setVotesAgainst} />
            <TextInput label={t('acts.admin.act.votesAbstention')} name="votesAbstention" type="number" inputMode="numeric" value={votesAbstention} onChange={setVotesAbstention} />
            <label className="acts-check">
              <input type="checkbox" name="unanimous" checked={unanimous} onChange={(e) => setUnanimous(e.target.checked)} />
              <span>{t('acts.admin.act.unanimous')}</span>
            </label>
          </>
        )}
        <div className="acts-actions">
          <Button type="submit" className="button" isDisabled={pending}>
            {t('acts.admin.act.save')}
          </Button>
          {published ? null : (
            <Button className="button button-primary" isDisabled={pending} onPress={() => setConfirming('publish')}>
              {t('acts.admin.act.publish')}
            </Button>
          )}
          {published ? null : (
            <Button className="button button-subtle" isDisabled={pending} onPress={() => setConfirming('delete')}>
              {t('acts.admin.act.delete')}
            </Button>
          )}
        </div>
      </Form>
      <ConfirmPublish isOpen={confirming === 'publish'} count={1} onConfirm={publish} onClose={() => setConfirming(null)} />
      <ModalDialog isOpen={confirming === 'delete'} onClose={() => setConfirming(null)} title={t('acts.admin.act.deleteTitle')} role="alertdialog">
        <p>{t('acts.admin.act.deleteText', { title: act.title })}</p>
        <div className="form-actions">
          <Button className="button button-primary" onPress={remove} data-testid="confirm-delete">
            {t('acts.admin.act.deleteConfirm')}
          </Button>
          <Button className="button button-subtle" onPress={() => setConfirming(null)}>
            {t('acts.admin.act.cancel')}
          </Button>
        </div>
      </ModalDialog>
      {published ? null : <AttachPdf act={act} onAttached={onChange} />}
      {act.summary ? (
        <section className="section" aria-labelledby="acts-admin-summary">
          <h2 id="acts-admin-summary">
            {t('acts.act.summaryTitle')} <span className="tag tag-warning">{t('common.automatic')}</span>
          </h2>
          <div className="card">
            <p>{act.summary.text}</p>
            <p className="acts-meta">{t(`acts.admin.act.method.${act.summary.method}`)}</p>
          </div>
        </section>
      ) : null}
    </Page>
  );
}

/** The act's PDF as its published original (the law: a non-editable format), replacing a DOCX, Markdown or text file. */
function AttachPdf({ act, onAttached }: { act: AdminAct; onAttached: (a: AdminAct) => void }) {
  const { t } = useTranslation('communication');
  const inputId = useId();
  const helpId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState(false);
  const { pending, error, submit } = useSubmission();
  const isPdf = act.file?.mimetype === 'application/pdf';
  const run = () => {
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    setDone(false);
    submit(async () => {
      onAttached(await adminApi.attachOriginal(act.id, form));
      setDone(true);
    });
  };
  return (
    <section className="section" aria-labelledby="acts-admin-pdf">
      <h2 id="acts-admin-pdf">{t('acts.admin.act.pdf.title')}</h2>
      <div className="form card">
        <ErrorSummary error={error} />
        {done ? <p role="status">{t('acts.admin.act.pdf.attached')}</p> : null}
        <p id={helpId} className={isPdf ? undefined : 'acts-warning'} data-testid="pdf-status">
          {isPdf ? t('acts.admin.act.pdf.isPdf') : t('acts.admin.act.pdf.notPdf')}
        </p>
        <div className="field">
          <label className="field-label" htmlFor={inputId}>
            {t('acts.admin.act.pdf.file')}
          </label>
          <input
            id={inputId}
            type="file"
            className="field-input"
            accept=".pdf,application/pdf"
            aria-describedby={helpId}
            data-testid="act-pdf"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <div>
          <Button className="button" onPress={run} isDisabled={pending || !file}>
            {t('acts.admin.act.pdf.submit')}
          </Button>
        </div>
      </div>
    </section>
  );
}
