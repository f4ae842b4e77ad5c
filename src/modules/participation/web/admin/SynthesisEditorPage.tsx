import { useEffect, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useAuth } from '@web/admin/AuthContext';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { ModalDialog } from '@web/components/Modal';
import { Page } from '@web/components/Page';
import { problemMessage } from '@web/components/problem';
import { useSubmission } from '@web/components/useSubmission';
import { currentLanguage } from '@web/i18n';
import { adminApi, paths, PERMISSIONS, type AdminConsultation, type AdminSynthesis, type JobView, type ThemeContributions } from '../api';
import { Check } from '../shared/Choices';
import { formatDate } from '../shared/format';
import { useResource } from '@web/components/useResource';
import { AdminConsultationNav } from './AdminConsultationNav';
import { JobStatus } from './JobStatus';
import '../participation.css';

type Synthesis = NonNullable<AdminSynthesis['synthesis']>;
type Theme = Synthesis['themes'][number];
type AnyTheme = Theme | Theme['subThemes'][number];

const STANDING_ALONE = '__standing_alone__';

/**
 * `/admin/participation/:id/synthese`: run the synthesis (a job whose status is followed here),
 * then put people in charge of it — rename, merge, split, move contributions — each change listed,
 * audited and published with the synthesis; publishing is the consultation's last phase.
 */
export function SynthesisEditorPage() {
  const { t, i18n } = useTranslation('participation');
  const { id = '' } = useParams();
  const { can } = useAuth();
  const consultation = useResource(() => adminApi.consultation(id), [id]);
  const synthesis = useResource(() => adminApi.synthesis(id), [id]);
  const [jobId, setJobId] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const [confirmRun, setConfirmRun] = useState(false);
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [mergeLabel, setMergeLabel] = useState('');
  const statusLine = useRef<HTMLParagraphElement>(null);
  const run = useSubmission();
  const edit = useSubmission();
  const c = consultation.data;
  const data = synthesis.data;
  const s = data?.synthesis ?? null;
  const lang = i18n.language;

  useEffect(() => {
    if (message) statusLine.current?.focus();
  }, [message]);

  const applied = (next: AdminSynthesis, text: string) => {
    synthesis.set(next);
    setSelected([]);
    setMergeLabel('');
    setMessage(text);
    consultation.reload();
  };
  const startRun = () =>
    run.submit(async () => {
      setConfirmRun(false);
      setMessage('');
      setJobId((await adminApi.runSynthesis(id)).jobId);
    });
  const onJobFinished = (job: JobView) => {
    synthesis.reload();
    consultation.reload();
    setMessage(job.status === 'succeeded' ? t('admin.synthesis.runDone') : t('admin.synthesis.runFailed'));
  };

  return (
    <Page title={t('admin.synthesis.title')} lead={c ? <p>{c.title}</p> : null} className="pa-page pa-admin">
      {c ? <AdminConsultationNav consultation={c} /> : null}
      <p>{t('admin.synthesis.intro')}</p>
      {synthesis.error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, synthesis.error)}
        </p>
      ) : null}
      {!data && !synthesis.error ? <Loading /> : null}
      {data ? (
        <dl className="pa-facts" data-testid="synthesis-facts">
          <div>
            <dt>{t('admin.synthesis.lastRun')}</dt>
            <dd>{data.machineRunAt ? t('admin.synthesis.lastRunValue', { date: formatDate(lang, data.machineRunAt, true), count: data.runs }) : t('admin.edit.never')}</dd>
          </div>
          {s ? (
            <div>
              <dt>{t('admin.synthesis.result')}</dt>
              <dd>{t('admin.synthesis.resultValue', { contributions: s.contributionCount, themes: s.themes.length, alone: s.standingAlone.length })}</dd>
            </div>
          ) : null}
          {s ? (
            <div>
              <dt>{t('admin.synthesis.mode')}</dt>
              <dd>{t(`admin.synthesis.modes.${s.generation.mode}`, { model: s.generation.model ?? '' })}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('admin.synthesis.published')}</dt>
            <dd>{data.publishedAt ? formatDate(lang, data.publishedAt, true) : t('admin.synthesis.notPublished')}</dd>
          </div>
        </dl>
      ) : null}

      <p ref={statusLine} tabIndex={-1} role="status" className="pa-inline-status" data-testid="synthesis-status">
        {message}
      </p>

      {can(PERMISSIONS.manage) && c ? (
        <section className="section" aria-labelledby="pa-run-title">
          <h2 id="pa-run-title">{t('admin.synthesis.runTitle')}</h2>
          <p>{t('admin.synthesis.runIntro')}</p>
          <ErrorSummary error={run.error} />
          <div className="form-actions">
            <Button className="button button-primary" onPress={() => (data?.edits.length ? setConfirmRun(true) : startRun())}>
              {data?.machineRunAt ? t('admin.synthesis.rerun') : t('admin.synthesis.run')}
            </Button>
            {c.phase === 'closed' && data?.machineRunAt ? (
              <Button className="button" onPress={() => setConfirmPublish(true)}>
                {t('admin.phase.actions.publish')}
              </Button>
            ) : null}
          </div>
          {c.phase === 'open' ? <p className="small">{t('admin.synthesis.stillOpen')}</p> : null}
          {c.phase === 'synthesis_published' ? (
            <p className="small">
              {t('admin.synthesis.isPublished')} <Link to={paths.synthesis(c.id)}>{t('admin.synthesis.seePublic')}</Link>
            </p>
          ) : null}
          {jobId !== null ? <JobStatus key={jobId} jobId={jobId} onFinished={onJobFinished} /> : null}
          <ModalDialog isOpen={confirmRun} onClose={() => setConfirmRun(false)} title={t('admin.synthesis.confirmRunTitle')} role="alertdialog">
            <p>{t('admin.synthesis.confirmRunText', { count: data?.edits.length ?? 0 })}</p>
            <div className="form-actions">
              <Button className="button button-primary" onPress={startRun}>
                {t('admin.synthesis.rerun')}
              </Button>
              <Button className="button" onPress={() => setConfirmRun(false)}>
                {t('common.cancel')}
              </Button>
            </div>
          </ModalDialog>
          <PublishDialog
            consultation={c}
            isOpen={confirmPublish}
            onClose={() => setConfirmPublish(false)}
            onPublished={(next) => {
              consultation.set(next);
              synthesis.reload();
              setConfirmPublish(false);
              setMessage(t('admin.phase.done.publish'));
            }}
          />
        </section>
      ) : null}

      {s && can(PERMISSIONS.synthesis) ? (
        <>
          <ErrorSummary error={edit.error} />
          <section className="section" aria-labelledby="pa-themes-title" data-testid="synthesis-themes">
            <h2 id="pa-themes-title">{t('admin.synthesis.themesTitle')}</h2>
            <p>{t('admin.synthesis.themesIntro')}</p>
            {selected.length >= 2 ? (
              <Form
                className="form card pa-merge"
                onSubmit={(e) => {
                  e.preventDefault();
                  edit.submit(async () => applied(await adminApi.merge(id, selected, mergeLabel.trim() || undefined), t('admin.synthesis.merged', { count: selected.length })));
                }}
              >
                <p>{t('admin.synthesis.mergeIntro', { count: selected.length })}</p>
                <TextInput label={t('admin.synthesis.mergeLabel')} description={t('admin.synthesis.optionalLabel')} maxLength={80} value={mergeLabel} onChange={setMergeLabel} />
                <div className="form-actions">
                  <Button type="submit" className="button button-primary">
                    {t('admin.synthesis.merge', { count: selected.length })}
                  </Button>
                </div>
              </Form>
            ) : null}
            <ol className="pa-editor-themes">
              {s.themes.map((theme) => (
                <li key={theme.id}>
                  <ThemeEditor
                    consultationId={id}
                    synthesis={s}
                    theme={theme}
                    contributions={data!.contributions}
                    selected={selected.includes(theme.id)}
                    onSelect={(on) => setSelected((prev) => (on ? [...prev, theme.id] : prev.filter((x) => x !== theme.id)))}
                    submission={edit}
                    onApplied={applied}
                  />
                  {theme.subThemes.length > 0 ? (
                    <ul className="pa-editor-subthemes">
                      {theme.subThemes.map((sub) => (
                        <li key={sub.id}>
                          <ThemeEditor consultationId={id} synthesis={s} theme={sub} contributions={data!.contributions} submission={edit} onApplied={applied} />
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ol>
          </section>
          {s.standingAlone.length > 0 ? (
            <section className="section" aria-labelledby="pa-alone-admin-title">
              <h2 id="pa-alone-admin-title">{t('synthesis.standingAloneTitle')}</h2>
              <ContributionPicker
                consultationId={id}
                synthesis={s}
                items={s.standingAlone.map((a) => data!.contributions[a.contributionId]).filter((x): x is NonNullable<typeof x> => Boolean(x))}
                currentThemeId={null}
                submission={edit}
                onApplied={applied}
              />
            </section>
          ) : null}
        </>
      ) : null}

      {data ? (
        <section className="section" aria-labelledby="pa-edit-list-title" data-testid="edit-list">
          <h2 id="pa-edit-list-title">{t('synthesis.editsTitle')}</h2>
          {data.edits.length === 0 ? (
            <p>{t('synthesis.noEdits')}</p>
          ) : (
            <ol className="pa-edits">
              {data.edits.map((e, i) => (
                <li key={i}>
                  <time dateTime={e.at}>{formatDate(lang, e.at, true)}</time> — {e.description[currentLanguage()]}
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}
    </Page>
  );
}

function PublishDialog({ consultation: c, isOpen, onClose, onPublished }: { consultation: AdminConsultation; isOpen: boolean; onClose(): void; onPublished(c: AdminConsultation): void }) {
  const { t } = useTranslation('participation');
  const { error, submit } = useSubmission();
  return (
    <ModalDialog isOpen={isOpen} onClose={onClose} title={t('admin.phase.confirm.publish.title')} role="alertdialog">
      <ErrorSummary error={error} />
      <p>{t('admin.phase.confirm.publish.text')}</p>
      <div className="form-actions">
        <Button className="button button-primary" onPress={() => submit(async () => onPublished(await adminApi.phase(c.id, 'synthesis_published')))}>
          {t('admin.phase.actions.publish')}
        </Button>
        <Button className="button" onPress={onClose}>
          {t('common.cancel')}
        </Button>
      </div>
    </ModalDialog>
  );
}

type Submission = ReturnType<typeof useSubmission>;

function ThemeEditor({
  consultationId,
  synthesis,
  theme,
  contributions,
  selected,
  onSelect,
  submission,
  onApplied,
}: {
  consultationId: string;
  synthesis: Synthesis;
  theme: AnyTheme;
  contributions: AdminSynthesis['contributions'];
  selected?: boolean;
  onSelect?(on: boolean): void;
  submission: Submission;
  onApplied(next: AdminSynthesis, message: string): void;
}) {
  const { t } = useTranslation('participation');
  const [label, setLabel] = useState(theme.label);
  const [members, setMembers] = useState<ThemeContributions | null>(null);
  const [membersError, setMembersError] = useState<unknown>(null);
  useEffect(() => setLabel(theme.label), [theme.label]);
  const loadMembers = () =>
    adminApi.themeContributions(consultationId, theme.id).then(
      (m) => setMembers(m),
      (e: unknown) => setMembersError(e),
    );
  return (
    <article className="card pa-editor-theme" aria-labelledby={`pa-ed-${theme.id}`} data-testid="editor-theme">
      <h3 id={`pa-ed-${theme.id}`}>{theme.label}</h3>
      <p className="small">
        {t('synthesis.size', { count: theme.size })} · {t(`synthesis.labelOrigin.${theme.labelOrigin}`)}
        {theme.keywords.length ? ` · ${t('synthesis.keywords', { keywords: theme.keywords.join(', ') })}` : ''}
      </p>
      {onSelect ? (
        <Check isSelected={selected} onChange={onSelect}>
          {t('admin.synthesis.selectForMerge', { theme: theme.label })}
        </Check>
      ) : null}
      {theme.summary ? (
        <p className="pa-model-text">
          <span className="ai-badge">{t('synthesis.modelBadge')}</span> {theme.summary}
        </p>
      ) : null}
      {theme.quotes.length > 0 ? (
        <ul className="pa-quote-list">
          {theme.quotes.map((q, i) => (
            <li key={i}>
              <blockquote>
                <p>{t('common.quoted', { text: q.text })}</p>
              </blockquote>
              {contributions[q.contributionId] ? <p className="small">{t('published.number', { number: contributions[q.contributionId]!.number })}</p> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <Form
        className="pa-inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const next = label.trim();
          if (!next || next === theme.label) return;
          submission.submit(async () => onApplied(await adminApi.rename(consultationId, theme.id, next), t('admin.synthesis.renamed', { label: next })));
        }}
      >
        <TextInput label={t('admin.synthesis.renameLabel', { theme: theme.label })} isRequired maxLength={80} value={label} onChange={setLabel} />
        <Button type="submit" className="button">
          {t('admin.synthesis.rename')}
        </Button>
      </Form>
      <details
        className="pa-details"
        onToggle={(e) => {
          if ((e.currentTarget as HTMLDetailsElement).open && !members) void loadMembers();
        }}
      >
        <summary>{t('admin.synthesis.members', { count: theme.size })}</summary>
        {membersError ? <p role="alert">{problemMessage(t, membersError)}</p> : null}
        {!members && !membersError ? <Loading /> : null}
        {members ? (
          <ContributionPicker
            consultationId={consultationId}
            synthesis={synthesis}
            items={members.items}
            currentThemeId={theme.id}
            submission={submission}
            onApplied={(next, message) => {
              setMembers(null);
              onApplied(next, message);
            }}
          />
        ) : null}
      </details>
    </article>
  );
}

/** Contributions with a box each, and what to do with those ticked: split them into a new theme, or move them. */
function ContributionPicker({
  consultationId,
  synthesis,
  items,
  currentThemeId,
  submission,
  onApplied,
}: {
  consultationId: string;
  synthesis: Synthesis;
  items: { id: string; number: number; text: string }[];
  currentThemeId: string | null;
  submission: Submission;
  onApplied(next: AdminSynthesis, message: string): void;
}) {
  const { t } = useTranslation('participation');
  const [picked, setPicked] = useState<string[]>([]);
  const [target, setTarget] = useState('');
  const [newLabel, setNewLabel] = useState('');
  const targets = synthesis.themes.flatMap((th) => [th, ...th.subThemes]).filter((th) => th.id !== currentThemeId);
  const targetId = `pa-target-${currentThemeId ?? 'alone'}`;
  return (
    <div className="pa-picker">
      <ul className="pa-picker-list">
        {items.map((item) => (
          <li key={item.id}>
            <Check isSelected={picked.includes(item.id)} onChange={(on) => setPicked(on ? [...picked, item.id] : picked.filter((x) => x !== item.id))}>
              <strong>{t('published.number', { number: item.number })}</strong> {item.text.length > 300 ? `${item.text.slice(0, 300)}…` : item.text}
            </Check>
          </li>
        ))}
      </ul>
      <div className="pa-picker-actions">
        <p className="small">{t('admin.synthesis.picked', { count: picked.length })}</p>
        <div className="field">
          <label className="field-label" htmlFor={targetId}>
            {t('admin.synthesis.moveTo')}
          </label>
          <select id={targetId} className="field-input" value={target} onChange={(e) => setTarget(e.target.value)}>
            <option value="">{t('admin.synthesis.chooseTarget')}</option>
            {targets.map((th) => (
              <option key={th.id} value={th.id}>
                {th.label}
              </option>
            ))}
            {currentThemeId !== null ? <option value={STANDING_ALONE}>{t('synthesis.standingAloneTitle')}</option> : null}
          </select>
        </div>
        <div className="form-actions">
          <Button
            className="button"
            isDisabled={picked.length === 0 || !target}
            onPress={() =>
              submission.submit(async () =>
                onApplied(
                  await adminApi.move(consultationId, picked, target === STANDING_ALONE ? { standingAlone: true } : { themeId: target }),
                  t('admin.synthesis.moved', { count: picked.length }),
                ),
              )
            }
          >
            {t('admin.synthesis.move', { count: picked.length })}
          </Button>
        </div>
        {currentThemeId !== null ? (
          <>
            <TextInput label={t('admin.synthesis.newThemeLabel')} description={t('admin.synthesis.optionalLabel')} maxLength={80} value={newLabel} onChange={setNewLabel} />
            <div className="form-actions">
              <Button
                className="button"
                isDisabled={picked.length === 0}
                onPress={() =>
                  submission.submit(async () =>
                    onApplied(await adminApi.split(consultationId, currentThemeId, picked, newLabel.trim() || undefined), t('admin.synthesis.split', { count: picked.length })),
                  )
                }
              >
                {t('admin.synthesis.splitButton', { count: picked.length })}
              </Button>
            </div>
          </>
        ) : null}
      </div>
    </div>
  );
}
