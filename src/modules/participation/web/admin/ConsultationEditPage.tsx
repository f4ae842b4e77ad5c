import { useEffect, useRef, useState } from 'react';
import { Button, Form, Label, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api } from '@web/api/client';
import { useAuth } from '@web/admin/AuthContext';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextAreaInput, TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { ModalDialog } from '@web/components/Modal';
import { Page } from '@web/components/Page';
import { useSite } from '@web/components/SiteContext';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { useSubmission } from '@web/components/useSubmission';
import { currentLanguage } from '@web/i18n';
import type { ZoneSummary, ZoningView } from '../../../territory/api-schemas';
import { adminApi, exportHref, paths, PERMISSIONS, STATEMENT_MAX_LENGTH, type AdminConsultation, type ConsultationPhase, type ExportFile, type ModerationMode } from '../api';
import { PhaseTag } from '../portal/PhaseTag';
import { Check, RadioChoice } from '../shared/Choices';
import { formatDate } from '../shared/format';
import { Markdown } from '../shared/Markdown';
import { useResource } from '@web/components/useResource';
import { AdminConsultationNav } from './AdminConsultationNav';
import { JobStatus } from './JobStatus';
import '../participation.css';
import { TableWrap } from '@web/components/TableWrap';

/** A zoning with more zones than this is scoped by typing codes rather than ticking boxes. */
const MAX_ZONE_CHECKBOXES = 80;

/** `/admin/participation/nouvelle` and `/admin/participation/:id`: the consultation's settings, phase, statements and exports. */
export function ConsultationEditPage() {
  const { id } = useParams();
  return id ? <ExistingConsultation id={id} /> : <NewConsultation />;
}

function NewConsultation() {
  const { t } = useTranslation('participation');
  const navigate = useNavigate();
  return (
    <Page title={t('admin.edit.newTitle')} lead={<p>{t('admin.edit.newIntro')}</p>} className="pa-page pa-admin">
      <p className="pa-breadcrumb">
        <Link to={paths.admin.list}>{t('admin.backToList')}</Link>
      </p>
      <ConsultationForm consultation={null} onSaved={(c) => navigate(paths.admin.consultation(c.id))} />
    </Page>
  );
}

function ExistingConsultation({ id }: { id: string }) {
  const { t, i18n } = useTranslation('participation');
  const { can } = useAuth();
  const consultation = useResource(() => adminApi.consultation(id), [id]);
  const [saved, setSaved] = useState('');
  const c = consultation.data;
  if (consultation.error && !c) {
    return (
      <Page title={t('admin.edit.notFound')} className="pa-page pa-admin">
        <p role="alert">{problemMessage(t, consultation.error)}</p>
        <p>
          <Link to={paths.admin.list}>{t('admin.backToList')}</Link>
        </p>
      </Page>
    );
  }
  if (!c) return <Loading />;
  const lang = i18n.language;
  return (
    <Page title={c.title} className="pa-page pa-admin">
      <AdminConsultationNav consultation={c} />
      <dl className="pa-facts" data-testid="consultation-facts">
        <div>
          <dt>{t('admin.list.phase')}</dt>
          <dd>
            <PhaseTag phase={c.phase} />
          </dd>
        </div>
        <div>
          <dt>{t('admin.list.participation')}</dt>
          <dd>{t('admin.list.participationValue', { participants: c.counts.participants, votes: c.counts.votes, contributions: c.counts.contributions })}</dd>
        </div>
        <div>
          <dt>{t('admin.edit.publicPage')}</dt>
          <dd>{c.phase === 'draft' ? t('admin.edit.notPublic') : <Link to={paths.consultation(c.id)}>{t('admin.edit.openPublicPage')}</Link>}</dd>
        </div>
        <div>
          <dt>{t('admin.edit.groupsComputed')}</dt>
          <dd>
            {c.opinionGroups.computedAt ? formatDate(lang, c.opinionGroups.computedAt, true) : t('admin.edit.never')}
            {c.opinionGroups.stale ? ` — ${t('admin.edit.stale')}` : ''}
          </dd>
        </div>
        <div>
          <dt>{t('admin.edit.synthesisState')}</dt>
          <dd>
            {c.synthesis.machineRunAt ? t('admin.edit.synthesisRun', { date: formatDate(lang, c.synthesis.machineRunAt, true) }) : t('admin.edit.never')}
            {c.synthesis.publishedAt ? ` — ${t('admin.edit.synthesisPublished', { date: formatDate(lang, c.synthesis.publishedAt, true) })}` : ''}
          </dd>
        </div>
      </dl>

      {can(PERMISSIONS.manage) ? <PhaseActions consultation={c} onChanged={consultation.set} /> : null}
      {can(PERMISSIONS.manage) && c.forms.statements ? <RecomputeGroups consultation={c} onDone={consultation.reload} /> : null}

      <section className="section" aria-labelledby="pa-settings-title">
        <h2 id="pa-settings-title">{t('admin.edit.settingsTitle')}</h2>
        {can(PERMISSIONS.manage) ? (
          <>
            <p role="status" className="pa-inline-status">
              {saved}
            </p>
            <ConsultationForm
              consultation={c}
              onSaved={(next) => {
                consultation.set(next);
                setSaved(t('admin.edit.saved'));
              }}
            />
          </>
        ) : (
          <>
            <p className="pa-question">{c.question}</p>
            <Markdown text={c.description} headingBase={3} />
          </>
        )}
      </section>

      {c.forms.statements ? <Statements consultation={c} /> : null}
      <ExportsMenu consultation={c} />
    </Page>
  );
}

// ---- Phase -----------------------------------------------------------------------------------------

const NEXT_PHASES: Record<ConsultationPhase, ConsultationPhase[]> = {
  draft: ['open'],
  open: ['closed'],
  closed: ['open', 'synthesis_published'],
  synthesis_published: ['closed'],
};

function phaseAction(from: ConsultationPhase, to: ConsultationPhase): string {
  if (to === 'open') return from === 'draft' ? 'open' : 'reopen';
  if (to === 'closed') return from === 'open' ? 'close' : 'unpublish';
  return 'publish';
}

/** The buttons that move the consultation on, each confirmed in a dialog that says what follows. */
function PhaseActions({ consultation: c, onChanged }: { consultation: AdminConsultation; onChanged(c: AdminConsultation): void }) {
  const { t } = useTranslation('participation');
  const [asked, setAsked] = useState<ConsultationPhase | null>(null);
  const [done, setDone] = useState('');
  const status = useRef<HTMLParagraphElement>(null);
  const { error, submit } = useSubmission();

  useEffect(() => {
    if (done) status.current?.focus();
  }, [done]);

  const action = asked ? phaseAction(c.phase, asked) : null;
  return (
    <section className="section" aria-labelledby="pa-phase-title" data-testid="phase-actions">
      <h2 id="pa-phase-title">{t('admin.phase.title')}</h2>
      <p>{t(`admin.phase.now.${c.phase}`)}</p>
      <ErrorSummary error={error} />
      <p ref={status} tabIndex={-1} role="status" className="pa-inline-status">
        {done}
      </p>
      <div className="form-actions">
        {NEXT_PHASES[c.phase].map((to) => {
          const a = phaseAction(c.phase, to);
          const blocked = to === 'synthesis_published' && !c.synthesis.machineRunAt;
          return (
            <Button key={to} className={to === 'closed' && c.phase === 'open' ? 'button button-danger' : 'button button-primary'} onPress={() => setAsked(to)} isDisabled={blocked}>
              {t(`admin.phase.actions.${a}`)}
            </Button>
          );
        })}
      </div>
      {c.phase === 'closed' && !c.synthesis.machineRunAt && c.forms.contributions ? (
        <p className="small">
          {t('admin.phase.runFirst')} <Link to={paths.admin.synthesis(c.id)}>{t('admin.tabs.synthesis')}</Link>
        </p>
      ) : null}
      <ModalDialog isOpen={asked !== null} onClose={() => setAsked(null)} title={action ? t(`admin.phase.confirm.${action}.title`) : ''} role="alertdialog">
        <p>{action ? t(`admin.phase.confirm.${action}.text`) : ''}</p>
        <div className="form-actions">
          <Button
            className="button button-primary"

            onPress={() => {
              if (!asked || !action) return;
              const target = asked;
              submit(
                async () => {
                  const next = await adminApi.phase(c.id, target);
                  setAsked(null);
                  onChanged(next);
                  setDone(t(`admin.phase.done.${action}`));
                },
                { onError: () => setAsked(null) },
              );
            }}
          >
            {action ? t(`admin.phase.actions.${action}`) : ''}
          </Button>
          <Button className="button" onPress={() => setAsked(null)}>
            {t('common.cancel')}
          </Button>
        </div>
      </ModalDialog>
    </section>
  );
}

function RecomputeGroups({ consultation: c, onDone }: { consultation: AdminConsultation; onDone(): void }) {
  const { t } = useTranslation('participation');
  const [jobId, setJobId] = useState<number | null>(null);
  const { error, submit } = useSubmission();
  return (
    <section className="section" aria-labelledby="pa-groups-title">
      <h2 id="pa-groups-title">{t('admin.groups.title')}</h2>
      <p>{t('admin.groups.intro')}</p>
      {error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, error)}
        </p>
      ) : null}
      <Button className="button" onPress={() => submit(async () => setJobId((await adminApi.recomputeGroups(c.id)).jobId))}>
        {t('admin.groups.recompute')}
      </Button>
      {jobId !== null ? <JobStatus key={jobId} jobId={jobId} onFinished={onDone} /> : null}
    </section>
  );
}

// ---- Settings form ---------------------------------------------------------------------------------

/** `2026-03-05T09:30` in the browser's time zone, as a `datetime-local` field shows it. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

interface FormState {
  title: string;
  question: string;
  description: string;
  opensAt: string;
  closesAt: string;
  moderationMode: ModerationMode;
  usesStatements: boolean;
  usesContributions: boolean;
  participantStatements: boolean;
  districtZoning: string;
  scopeZoneCodes: string[];
}

function initialState(c: AdminConsultation | null): FormState {
  return {
    title: c?.title ?? '',
    question: c?.question ?? '',
    description: c?.description ?? '',
    opensAt: toLocalInput(c?.opensAt ?? null),
    closesAt: toLocalInput(c?.closesAt ?? null),
    moderationMode: c?.moderationMode ?? 'before',
    usesStatements: c?.forms.statements ?? true,
    usesContributions: c?.forms.contributions ?? true,
    participantStatements: c ? c.forms.participantStatements : true,
    districtZoning: c?.districtZoning ?? '',
    scopeZoneCodes: c?.scopeZoneCodes ?? [],
  };
}

function ConsultationForm({ consultation: c, onSaved }: { consultation: AdminConsultation | null; onSaved(c: AdminConsultation): void }) {
  const { t } = useTranslation('participation');
  const lang = currentLanguage();
  const { territory } = useSite();
  const [form, setForm] = useState<FormState>(() => initialState(c));
  const [scopeText, setScopeText] = useState(() => (c?.scopeZoneCodes ?? []).join(', '));
  const { error, submit } = useSubmission();
  const zonings = useResource(() => api.get<{ zonings: ZoningView[] }>('/api/public/territory/zonings'), []);
  const zoningCode = form.districtZoning || territory?.districtZoning?.code || '';
  const zones = useResource(
    () => (zoningCode ? api.get<{ zones: ZoneSummary[] }>(`/api/public/territory/zonings/${encodeURIComponent(zoningCode)}/zones`, { query: { geometry: 'none' } }) : Promise.resolve({ zones: [] })),
    [zoningCode],
  );
  const zoneList = zones.data?.zones ?? [];
  const asCheckboxes = zoneList.length > 0 && zoneList.length <= MAX_ZONE_CHECKBOXES;
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setForm((f) => ({ ...f, [key]: value }));
  const labels: Record<string, string> = {
    title: t('admin.edit.fields.title'),
    question: t('admin.edit.fields.question'),
    description: t('admin.edit.fields.description'),
    opensAt: t('admin.edit.fields.opensAt'),
    closesAt: t('admin.edit.fields.closesAt'),
    scopeZoneCodes: t('admin.edit.fields.scope'),
  };
  const fieldErrors = fieldErrorsOf(t, error);

  return (
    <Form
      className="form"
      validationErrors={fieldErrors}
      onSubmit={(e) => {
        e.preventDefault();
        const scope = asCheckboxes
          ? form.scopeZoneCodes
          : scopeText
              .split(/[\s,;]+/)
              .map((s) => s.trim())
              .filter(Boolean);
        const body = {
          title: form.title.trim(),
          question: form.question.trim(),
          description: form.description,
          opensAt: fromLocalInput(form.opensAt),
          closesAt: fromLocalInput(form.closesAt),
          moderationMode: form.moderationMode,
          usesStatements: form.usesStatements,
          usesContributions: form.usesContributions,
          participantStatements: form.usesStatements && form.participantStatements,
          districtZoning: form.districtZoning || null,
          scopeZoneCodes: scope,
        };
        submit(async () => onSaved(c ? await adminApi.update(c.id, body) : await adminApi.create(body)));
      }}
    >
      <ErrorSummary error={error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <TextInput label={labels.title!} name="title" isRequired maxLength={200} value={form.title} onChange={(v) => set('title', v)} />
      <TextInput label={labels.question!} description={t('admin.edit.fields.questionHelp')} name="question" isRequired maxLength={500} value={form.question} onChange={(v) => set('question', v)} />
      <TextAreaInput label={labels.description!} description={t('admin.edit.fields.descriptionHelp')} name="description" rows={8} value={form.description} onChange={(v) => set('description', v)} />
      {form.description.trim() ? (
        <details className="pa-details">
          <summary>{t('admin.edit.preview')}</summary>
          <div className="card">
            <Markdown text={form.description} headingBase={3} />
          </div>
        </details>
      ) : null}
      <div className="form-grid">
        <TextInput label={labels.opensAt!} description={t('admin.edit.fields.datesHelp')} name="opensAt" type="datetime-local" value={form.opensAt} onChange={(v) => set('opensAt', v)} />
        <TextInput label={labels.closesAt!} description={t('admin.edit.fields.datesHelp')} name="closesAt" type="datetime-local" value={form.closesAt} onChange={(v) => set('closesAt', v)} />
      </div>

      <RadioGroup className="pa-radio-group" name="moderationMode" value={form.moderationMode} onChange={(v) => set('moderationMode', v as ModerationMode)}>
        <Label className="field-label">{t('admin.edit.fields.moderationMode')}</Label>
        <RadioChoice value="before" description={t('admin.edit.moderation.beforeHelp')}>
          {t('admin.edit.moderation.before')}
        </RadioChoice>
        <RadioChoice value="after" description={t('admin.edit.moderation.afterHelp')}>
          {t('admin.edit.moderation.after')}
        </RadioChoice>
      </RadioGroup>

      <fieldset className="pa-fieldset">
        <legend>{t('admin.edit.fields.forms')}</legend>
        <Check isSelected={form.usesStatements} onChange={(v) => set('usesStatements', v)} description={t('admin.edit.forms.statementsHelp')}>
          {t('admin.edit.forms.statements')}
        </Check>
        <Check
          isSelected={form.usesStatements && form.participantStatements}
          isDisabled={!form.usesStatements}
          onChange={(v) => set('participantStatements', v)}
          description={t('admin.edit.forms.participantStatementsHelp')}
        >
          {t('admin.edit.forms.participantStatements')}
        </Check>
        <Check isSelected={form.usesContributions} onChange={(v) => set('usesContributions', v)} description={t('admin.edit.forms.contributionsHelp')}>
          {t('admin.edit.forms.contributions')}
        </Check>
      </fieldset>

      <fieldset className="pa-fieldset">
        <legend>{t('admin.edit.fields.districts')}</legend>
        <div className="field">
          <label className="field-label" htmlFor="pa-zoning">
            {t('admin.edit.fields.zoning')}
          </label>
          <select
            id="pa-zoning"
            className="field-input"
            value={form.districtZoning}
            onChange={(e) => {
              set('districtZoning', e.target.value);
              set('scopeZoneCodes', []);
              setScopeText('');
            }}
          >
            <option value="">{t('admin.edit.fields.zoningDefault', { name: territory?.districtZoning?.label[lang] ?? t('admin.edit.none') })}</option>
            {(zonings.data?.zonings ?? []).map((z) => (
              <option key={z.code} value={z.code}>
                {z.label[lang]} ({z.zoneCount})
              </option>
            ))}
          </select>
        </div>
        {asCheckboxes ? (
          <div role="group" aria-labelledby="pa-scope-label" className="pa-zone-checks" data-testid="scope-zones">
            <p id="pa-scope-label" className="field-label">
              {t('admin.edit.fields.scope')}
            </p>
            <p className="field-description">{t('admin.edit.fields.scopeHelp')}</p>
            {zoneList.map((z) => (
              <Check
                key={z.code}
                isSelected={form.scopeZoneCodes.includes(z.code)}
                onChange={(on) => set('scopeZoneCodes', on ? [...form.scopeZoneCodes, z.code] : form.scopeZoneCodes.filter((x) => x !== z.code))}
              >
                {z.name}
              </Check>
            ))}
          </div>
        ) : (
          <TextInput
            label={labels.scopeZoneCodes!}
            description={t('admin.edit.fields.scopeCodesHelp')}
            name="scopeZoneCodes"
            value={scopeText}
            onChange={setScopeText}
          />
        )}
      </fieldset>

      <div className="form-actions">
        <Button type="submit" className="button button-primary">
          {c ? t('admin.edit.save') : t('admin.edit.create')}
        </Button>
      </div>
    </Form>
  );
}

// ---- Statements ------------------------------------------------------------------------------------

function Statements({ consultation: c }: { consultation: AdminConsultation }) {
  const { t } = useTranslation('participation');
  const { can } = useAuth();
  const list = useResource(() => adminApi.statements(c.id), [c.id]);
  const [text, setText] = useState('');
  const [isMeta, setIsMeta] = useState(false);
  const [added, setAdded] = useState('');
  const { error, submit } = useSubmission();
  return (
    <section className="section" aria-labelledby="pa-statements-title">
      <h2 id="pa-statements-title">{t('admin.statements.title')}</h2>
      {list.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, list.error)}
        </p>
      ) : null}
      {list.data && list.data.items.length === 0 ? <p>{t('admin.statements.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <TableWrap label={t('admin.statements.title')}>
          <table className="table table-stack" data-testid="statements-table">
            <caption className="visually-hidden">{t('admin.statements.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.statements.number')}</th>
                <th scope="col">{t('admin.statements.text')}</th>
                <th scope="col">{t('admin.statements.status')}</th>
                <th scope="col">{t('admin.statements.origin')}</th>
                <th scope="col">{t('admin.statements.tally')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.number}</th>
                  <td data-label={t('admin.statements.text')}>
                    {s.text}
                    {s.isMeta ? <span className="small"> ({t('admin.statements.meta')})</span> : null}
                  </td>
                  <td data-label={t('admin.statements.status')}>{t(`status.${s.status}`)}</td>
                  <td data-label={t('admin.statements.origin')}>{t(`origin.${s.origin}`)}</td>
                  <td data-label={t('admin.statements.tally')}>{t('admin.statements.tallyValue', s.tally)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {can(PERMISSIONS.manage) ? (
        <Form
          className="form card pa-add-statement"
          aria-labelledby="pa-add-statement-title"
          validationErrors={fieldErrorsOf(t, error)}
          onSubmit={(e) => {
            e.preventDefault();
            setAdded('');
            submit(async () => {
              const s = await adminApi.addStatement(c.id, text.trim(), isMeta);
              setText('');
              setIsMeta(false);
              setAdded(t('admin.statements.added', { number: s.number }));
              list.reload();
            });
          }}
        >
          <h3 id="pa-add-statement-title">{t('admin.statements.addTitle')}</h3>
          <ErrorSummary error={error} />
          <TextInput label={t('admin.statements.newText')} name="text" isRequired maxLength={STATEMENT_MAX_LENGTH} value={text} onChange={setText} />
          <Check isSelected={isMeta} onChange={setIsMeta} description={t('admin.statements.metaHelp')}>
            {t('admin.statements.meta')}
          </Check>
          <div className="form-actions">
            <Button type="submit" className="button button-primary">
              {t('admin.statements.add')}
            </Button>
          </div>
          <p role="status" className="pa-inline-status">
            {added}
          </p>
        </Form>
      ) : null}
    </section>
  );
}

// ---- Exports ---------------------------------------------------------------------------------------

function ExportsMenu({ consultation: c }: { consultation: AdminConsultation }) {
  const { t } = useTranslation('participation');
  const files: { set: string; files: ExportFile[]; show: boolean }[] = [
    { set: 'contributions', files: ['contributions.csv', 'contributions.json'], show: c.forms.contributions },
    { set: 'statements', files: ['statements.csv', 'statements.json'], show: c.forms.statements },
    { set: 'votes', files: ['votes.csv', 'votes.json'], show: c.forms.statements },
    { set: 'groups', files: ['groups.csv', 'groups.json'], show: c.forms.statements },
    { set: 'synthesis', files: ['synthesis.csv', 'synthesis.json'], show: c.synthesis.machineRunAt !== null },
    { set: 'polis', files: ['polis-comments.csv', 'polis-votes.csv', 'polis-participants-votes.csv'], show: c.forms.statements },
  ];
  return (
    <section className="section" aria-labelledby="pa-exports-title" data-testid="exports-menu">
      <h2 id="pa-exports-title">{t('admin.exports.title')}</h2>
      <p>{t('admin.exports.intro')}</p>
      <ul className="pa-download-list">
        {files
          .filter((f) => f.show)
          .map((f) => (
            <li key={f.set}>
              <span className="pa-download-name">{t(`openData.sets.${f.set}`)}</span>{' '}
              {f.files.map((file, i) => (
                <span key={file}>
                  {i > 0 ? ' · ' : null}
                  <a href={exportHref(c.id, file)} download>
                    {file}
                  </a>
                </span>
              ))}
            </li>
          ))}
        {c.polisAttribution ? (
          <li>
            <span className="pa-download-name">{t('admin.exports.computedGroups')}</span>{' '}
            <a href={exportHref(c.id, 'polis-participants-votes.csv', 'computed')} download>
              polis-participants-votes.csv
            </a>
          </li>
        ) : null}
      </ul>
      {c.attribution ? (
        <p className="pa-attribution">
          <strong>{t('openData.attributionIntro')}</strong> <span lang="en">{c.attribution}</span>
        </p>
      ) : null}
    </section>
  );
}
