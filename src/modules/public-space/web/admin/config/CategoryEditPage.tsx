import { useEffect, useMemo, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextAreaInput, TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, paths, PRIORITY_LEVELS } from '../../api';
import { AttributesEditor } from './AttributesEditor';
import { ConfigNav } from './ConfigNav';
import { bodyOf, draftOf, EMPTY_CATEGORY, type CategoryDraft } from './drafts';
import { CheckField, NativeSelect } from './fields';
import { TemplatesEditor } from './TemplatesEditor';
import '../../public-space.css';

/**
 * `/admin/signalements/categories/nouvelle` and `/admin/signalements/categories/:code`: a
 * category (an Open311 service) with its parent, names, flags, routing, default priority, extra
 * questions and response templates. The code is fixed once created (Open311 clients use it).
 */
export function CategoryEditPage() {
  const { t, i18n } = useTranslation('public-space');
  const code = useParams().code;
  const isNew = !code;
  const navigate = useNavigate();
  const location = useLocation();
  // Read again for another code: after a creation the router keeps this page and only its code changes.
  const categories = useResource(() => adminApi.categories(), [code]);
  const teams = useResource(() => adminApi.teams(), []);
  const current = categories.data?.items.find((c) => c.code === code) ?? null;
  const [draft, setDraft] = useState<CategoryDraft>(EMPTY_CATEGORY);
  const [done, setDone] = useState('');
  const submission = useSubmission();
  const fieldErrors = fieldErrorsOf(t, submission.error);

  useEffect(() => {
    setDone((location.state as { saved?: string } | null)?.saved ?? '');
  }, [location.key]);

  useEffect(() => {
    if (current) setDraft(draftOf(current));
    else if (isNew) setDraft(EMPTY_CATEGORY);
  }, [current, isNew]);

  // A category may sit under any other but itself and its own descendants.
  const parents = useMemo(() => {
    const items = categories.data?.items ?? [];
    const below = new Set<string>(code ? [code] : []);
    for (let grew = true; grew; ) {
      grew = false;
      for (const c of items) {
        if (c.parentCode && below.has(c.parentCode) && !below.has(c.code)) {
          below.add(c.code);
          grew = true;
        }
      }
    }
    return items.filter((c) => !below.has(c.code));
  }, [categories.data, code]);

  if (categories.error && !categories.data) {
    return (
      <Page title={t('categories.title')} className="ps-page ps-admin">
        <ConfigNav />
        <p className="error-text" role="alert">
          {problemMessage(t, categories.error)}
        </p>
      </Page>
    );
  }
  if (!categories.data || (!isNew && !current && categories.loading)) return <Loading />;
  if (!isNew && !current) {
    return (
      <Page title={t('categories.notFound')} className="ps-page ps-admin">
        <ConfigNav />
        <p>
          <Link to={paths.admin.categories}>{t('categories.back')}</Link>
        </p>
      </Page>
    );
  }

  const set = (patch: Partial<CategoryDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const title = isNew ? t('categories.newTitle') : t('categories.editTitle', { name: current!.nameFr });
  const labels = {
    code: t('categories.code'),
    nameFr: t('categories.nameFr'),
    nameEn: t('categories.nameEn'),
    description: t('categories.description'),
    keywords: t('categories.keywords'),
    sortOrder: t('categories.sortOrder'),
  };

  const save = () =>
    submission.submit(async () => {
      setDone('');
      const body = bodyOf(draft);
      if (isNew) {
        const created = await adminApi.createCategory(body);
        navigate(paths.admin.category(created.code), { state: { saved: t('categories.created', { name: created.nameFr }) } });
        return;
      }
      const { code: _code, ...changes } = body;
      const saved = await adminApi.updateCategory(current!.code, changes);
      categories.set({ items: categories.data!.items.map((c) => (c.code === saved.code ? saved : c)) });
      setDone(t('categories.saved', { name: saved.nameFr }));
    });

  return (
    <Page title={title} className="ps-page ps-admin">
      <ConfigNav />
      <p>
        <Link to={paths.admin.categories}>{t('categories.back')}</Link>
      </p>
      {done ? <StatusMessage tone="success">{done}</StatusMessage> : null}
      <ErrorSummary error={submission.error} fieldErrors={fieldErrors} fieldLabels={labels} />
      <Form
        className="form ps-config-form"
        validationErrors={fieldErrors}
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <section className="card section" aria-labelledby="ps-cat-general">
          <h2 id="ps-cat-general">{t('categories.general')}</h2>
          <div className="form-grid">
            {isNew ? (
              <TextInput label={labels.code} name="code" isRequired value={draft.code} onChange={(v) => set({ code: v })} description={t('categories.codeHelp')} />
            ) : (
              <p>
                {t('categories.codeFixed')} <code>{current!.code}</code>
              </p>
            )}
            <NativeSelect label={t('categories.parent')} name="parentCode" value={draft.parentCode} onChange={(v) => set({ parentCode: v })}>
              <option value="">{t('categories.noParent')}</option>
              {parents.map((c) => (
                <option key={c.code} value={c.code}>
                  {`${c.parentCode ? '— ' : ''}${i18n.language === 'en' && c.nameEn ? c.nameEn : c.nameFr}`}
                </option>
              ))}
            </NativeSelect>
            <TextInput label={labels.nameFr} name="nameFr" isRequired value={draft.nameFr} onChange={(v) => set({ nameFr: v })} />
            <TextInput label={labels.nameEn} name="nameEn" value={draft.nameEn} onChange={(v) => set({ nameEn: v })} />
          </div>
          <TextAreaInput label={labels.description} name="description" rows={3} value={draft.description} onChange={(v) => set({ description: v })} description={t('categories.descriptionHelp')} />
          <TextInput label={labels.keywords} name="keywords" value={draft.keywords} onChange={(v) => set({ keywords: v })} description={t('categories.keywordsHelp')} />
        </section>

        <section className="card section" aria-labelledby="ps-cat-handling">
          <h2 id="ps-cat-handling">{t('categories.handling')}</h2>
          <div className="form-grid">
            <NativeSelect label={t('categories.routing')} name="routingTeamId" value={draft.routingTeamId} onChange={(v) => set({ routingTeamId: v })} description={t('categories.routingHelp')}>
              <option value="">{t('categories.noRouting')}</option>
              {(teams.data?.items ?? [])
                .filter((x) => x.active || x.id === draft.routingTeamId)
                .map((x) => (
                  <option key={x.id} value={x.id}>
                    {t('staff.teamOption', { name: x.name, kind: t(`teamKinds.${x.kind}`) })}
                  </option>
                ))}
            </NativeSelect>
            <NativeSelect label={t('categories.defaultPriority')} name="defaultPriority" value={draft.defaultPriority} onChange={(v) => set({ defaultPriority: v as CategoryDraft['defaultPriority'] })}>
              {PRIORITY_LEVELS.map((p) => (
                <option key={p} value={p}>
                  {t(`priority.${p}`)}
                </option>
              ))}
            </NativeSelect>
            <TextInput label={labels.sortOrder} name="sortOrder" type="number" inputMode="numeric" value={draft.sortOrder} onChange={(v) => set({ sortOrder: v })} />
          </div>
          <CheckField label={t('categories.photoRequired')} name="photoRequired" checked={draft.photoRequired} onChange={(v) => set({ photoRequired: v })} />
          <CheckField label={t('categories.anonymousAllowed')} name="anonymousAllowed" checked={draft.anonymousAllowed} onChange={(v) => set({ anonymousAllowed: v })} />
          <CheckField label={t('categories.active')} name="active" checked={draft.active} onChange={(v) => set({ active: v })} />
        </section>

        <section className="card section" aria-labelledby="ps-cat-questions">
          <h2 id="ps-cat-questions">{t('categories.questions')}</h2>
          <p>{t('categories.questionsIntro')}</p>
          <AttributesEditor items={draft.attributes} onChange={(attributes) => set({ attributes })} />
        </section>

        <section className="card section" aria-labelledby="ps-cat-templates">
          <h2 id="ps-cat-templates">{t('categories.templates')}</h2>
          <p>{t('categories.templatesIntro')}</p>
          <TemplatesEditor items={draft.templates} onChange={(templates) => set({ templates })} />
        </section>

        <div className="form-actions">
          <Button type="submit" className="button button-primary" isDisabled={submission.pending}>
            {isNew ? t('categories.create') : t('categories.save')}
          </Button>
        </div>
      </Form>
    </Page>
  );
}
