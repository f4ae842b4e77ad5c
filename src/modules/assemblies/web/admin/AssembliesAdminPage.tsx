import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextAreaInput, TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, paths, quotasFromText } from '../api';
import '../assemblies.css';
import { TableWrap } from '@web/components/TableWrap';

/** `/admin/assemblees`: every assembly, and the form that creates one (title, panel size, quotas). */
export function AssembliesAdminPage() {
  const { t } = useTranslation('assemblies');
  const { data, error } = useResource(() => adminApi.list(), []);
  return (
    <Page title={t('admin.list.title')} lead={<p>{t('admin.list.intro')}</p>} className="as-page">
      {error ? (
        <p className="error-text" role="alert">
          {problemMessage(t, error)}
        </p>
      ) : null}
      {!data && !error ? <Loading /> : null}
      {data && data.items.length === 0 ? <p>{t('admin.list.none')}</p> : null}
      {data && data.items.length > 0 ? (
        <TableWrap label={t('admin.list.title')}>
          <table className="table table-stack" data-testid="admin-assemblies">
            <caption className="visually-hidden">{t('admin.list.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.list.assembly')}</th>
                <th scope="col">{t('admin.list.status')}</th>
                <th scope="col">{t('admin.list.panel')}</th>
                <th scope="col">{t('admin.list.pool')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={paths.admin.assembly(a.id)}>{a.title}</Link>
                    {a.demo ? <span className="small"> ({t('common.demo')})</span> : null}
                  </th>
                  <td data-label={t('admin.list.status')}>{t(`status.${a.status}`)}</td>
                  <td data-label={t('admin.list.panel')}>{a.panelSize}</td>
                  <td data-label={t('admin.list.pool')}>{a.poolSize}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <CreateAssembly />
    </Page>
  );
}

const QUOTAS_EXAMPLE = 'genre;femme;4;6\ngenre;homme;4;6\nage;18-34;2;4';

function CreateAssembly() {
  const { t } = useTranslation('assemblies');
  const navigate = useNavigate();
  const { pending, error, submit, showError } = useSubmission();
  const [title, setTitle] = useState('');
  const [panelSize, setPanelSize] = useState('');
  const [quotasText, setQuotasText] = useState('');
  const [household, setHousehold] = useState(false);
  const [badLines, setBadLines] = useState<number[]>([]);
  const fieldErrors = fieldErrorsOf(t, error);
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    const parsed = quotasFromText(quotasText);
    setBadLines(parsed.badLines);
    if (parsed.badLines.length) {
      showError(null);
      return;
    }
    submit(async () => {
      const created = await adminApi.create({ title, panelSize: Number(panelSize), quotas: parsed.quotas, onePerHousehold: household });
      navigate(paths.admin.assembly(created.id));
    });
  };
  return (
    <section className="section" aria-labelledby="as-create-title">
      <h2 id="as-create-title">{t('admin.create.title')}</h2>
      <Form className="form card" onSubmit={onSubmit} validationErrors={fieldErrors}>
        <ErrorSummary error={error} fieldErrors={fieldErrors} />
        {badLines.length ? (
          <p className="error-text" role="alert">
            {t('admin.create.badLines', { lines: badLines.join(', ') })}
          </p>
        ) : null}
        <TextInput label={t('admin.create.name')} name="title" value={title} onChange={setTitle} isRequired maxLength={200} />
        <TextInput label={t('admin.create.panelSize')} name="panelSize" type="number" inputMode="numeric" value={panelSize} onChange={setPanelSize} isRequired />
        <TextAreaInput
          label={t('admin.create.quotas')}
          description={t('admin.create.quotasHelp', { example: QUOTAS_EXAMPLE.replace(/\n/g, ' · ') })}
          name="quotas"
          rows={8}
          value={quotasText}
          onChange={setQuotasText}
          isRequired
        />
        <label className="as-check">
          <input type="checkbox" name="onePerHousehold" checked={household} onChange={(e) => setHousehold(e.target.checked)} />
          <span>{t('admin.create.household')}</span>
        </label>
        <div>
          <Button type="submit" className="button button-primary" isDisabled={pending}>
            {t('admin.create.submit')}
          </Button>
        </div>
      </Form>
    </section>
  );
}
