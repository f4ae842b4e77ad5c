import { useId, useRef, useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorSummary } from '@web/components/ErrorSummary';
import { TextInput } from '@web/components/fields';
import { Loading } from '@web/components/Loading';
import { ModalDialog } from '@web/components/Modal';
import { Page } from '@web/components/Page';
import { fieldErrorsOf, problemMessage } from '@web/components/problem';
import { StatusMessage } from '@web/components/StatusMessage';
import { useResource } from '@web/components/useResource';
import { useSubmission } from '@web/components/useSubmission';
import { adminApi, type Layer } from '../../api';
import { formatMetres } from '../../shared/format';
import { TableWrap } from '@web/components/TableWrap';
import { ConfigNav } from './ConfigNav';
import { CheckField } from './fields';
import '../../public-space.css';

type LayerDraft = { code: string; name: string; kind: string; radiusM: string; weight: string; nameProperty: string; source: string };
const EMPTY_LAYER: LayerDraft = { code: '', name: '', kind: '', radiusM: '100', weight: '20', nameProperty: '', source: '' };

/**
 * `/admin/signalements/lieux-et-adresses`: the sensitive-place layers (schools, streams,
 * protected areas…) imported as GeoJSON, which raise the priority of reports near them, and the
 * commune's address list (Base Adresse Nationale CSV) residents pick a place from.
 */
export function PlacesPage() {
  const { t, i18n } = useTranslation('public-space');
  const layers = useResource(() => adminApi.layers(), []);
  const [layer, setLayer] = useState<LayerDraft>(EMPTY_LAYER);
  const [confirm, setConfirm] = useState<Layer | null>(null);
  const [done, setDone] = useState('');
  const [skipped, setSkipped] = useState<string[]>([]);
  const [replace, setReplace] = useState(false);
  const layerFile = useRef<HTMLInputElement>(null);
  const addressFile = useRef<HTMLInputElement>(null);
  const ids = { layerFile: useId(), addressFile: useId() };
  const submission = useSubmission();
  const fieldErrors = fieldErrorsOf(t, submission.error, ['/body', '/querystring']);
  const labels = {
    code: t('places.code'),
    name: t('places.name'),
    kind: t('places.kind'),
    radiusM: t('places.radius'),
    weight: t('places.weight'),
    nameProperty: t('places.nameProperty'),
    source: t('places.source'),
    file: t('places.file'),
  };
  const set = (patch: Partial<LayerDraft>) => setLayer((d) => ({ ...d, ...patch }));

  const importLayer = () =>
    submission.submit(async () => {
      setDone('');
      setSkipped([]);
      // The field is required: the browser does not submit the form without a file.
      const file = layerFile.current?.files?.[0];
      if (!file) return;
      const result = await adminApi.importLayer(
        {
          code: layer.code.trim(),
          name: layer.name.trim(),
          kind: layer.kind.trim(),
          radiusM: Number.parseInt(layer.radiusM, 10),
          weight: Number.parseInt(layer.weight, 10),
          nameProperty: layer.nameProperty.trim() || undefined,
          source: layer.source.trim() || undefined,
        },
        file,
      );
      setDone(t('places.imported', { name: result.layer.name, count: result.imported }));
      setSkipped(result.skipped.slice(0, 20).map((s) => t('places.skippedItem', { n: s.index + 1, reason: s.reason })));
      setLayer(EMPTY_LAYER);
      if (layerFile.current) layerFile.current.value = '';
      layers.reload();
    });

  const remove = (l: Layer) => {
    setConfirm(null);
    submission.submit(async () => {
      setDone('');
      setSkipped([]);
      await adminApi.deleteLayer(l.code);
      setDone(t('places.deleted', { name: l.name }));
      layers.reload();
    });
  };

  const importAddresses = () =>
    submission.submit(async () => {
      setDone('');
      setSkipped([]);
      const file = addressFile.current?.files?.[0];
      if (!file) return;
      const result = await adminApi.importAddresses(file, replace);
      setDone(t('places.addressesImported', { count: result.imported, skipped: result.skipped }));
      setSkipped(result.problems.slice(0, 20).map((p) => t('places.problemLine', { line: p.line, message: p.message })));
      if (addressFile.current) addressFile.current.value = '';
    });

  return (
    <Page title={t('places.title')} lead={<p>{t('places.intro')}</p>} className="ps-page ps-admin">
      <ConfigNav />
      {done ? (
        <StatusMessage tone="success">
          {done}
          {skipped.length ? (
            <ul className="ps-problems" data-testid="import-problems">
              {skipped.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ul>
          ) : null}
        </StatusMessage>
      ) : null}
      <ErrorSummary error={submission.error} fieldErrors={fieldErrors} fieldLabels={labels} />

      <section className="section" aria-labelledby="ps-layers">
        <h2 id="ps-layers">{t('places.layersTitle')}</h2>
        {layers.error ? (
          <p className="error-text" role="alert">
            {problemMessage(t, layers.error)}
          </p>
        ) : null}
        {!layers.data && !layers.error ? <Loading /> : null}
        {layers.data && layers.data.items.length === 0 ? <p>{t('places.none')}</p> : null}
        {layers.data && layers.data.items.length > 0 ? (
          <TableWrap label={t('places.layersTitle')}>
            <table className="table table-stack" data-testid="layers-table">
              <caption className="visually-hidden">{t('places.layersTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{labels.name}</th>
                  <th scope="col">{labels.kind}</th>
                  <th scope="col">{t('places.features')}</th>
                  <th scope="col">{labels.radiusM}</th>
                  <th scope="col">{labels.weight}</th>
                  <th scope="col">{t('config.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {layers.data.items.map((l) => (
                  <tr key={l.id}>
                    <th scope="row">
                      {l.name} <code className="small">{l.code}</code>
                      {l.demo ? <span className="small"> ({t('common.demo')})</span> : null}
                    </th>
                    <td data-label={labels.kind}>{l.kind}</td>
                    <td data-label={t('places.features')}>{l.features}</td>
                    <td data-label={labels.radiusM}>{formatMetres(i18n.language, l.radiusM)}</td>
                    <td data-label={labels.weight}>{l.weight}</td>
                    <td data-label={t('config.actions')}>
                      <Button className="button button-small button-danger" aria-label={t('places.deleteLabel', { name: l.name })} onPress={() => setConfirm(l)}>
                        {t('places.delete')}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : null}
      </section>

      <section className="section" aria-labelledby="ps-layer-import">
        <h2 id="ps-layer-import">{t('places.importTitle')}</h2>
        <p>{t('places.importIntro')}</p>
        <Form
          className="form card"
          validationErrors={fieldErrors}
          onSubmit={(e) => {
            e.preventDefault();
            importLayer();
          }}
        >
          <div className="field">
            <label className="field-label" htmlFor={ids.layerFile}>
              {labels.file}
            </label>
            <input id={ids.layerFile} ref={layerFile} className="field-input" type="file" name="file" required accept=".geojson,.json,application/geo+json,application/json" />
          </div>
          <div className="form-grid">
            <TextInput label={labels.code} name="code" isRequired value={layer.code} onChange={(code) => set({ code })} description={t('places.codeHelp')} />
            <TextInput label={labels.name} name="name" isRequired value={layer.name} onChange={(name) => set({ name })} />
            <TextInput label={labels.kind} name="kind" isRequired value={layer.kind} onChange={(kind) => set({ kind })} description={t('places.kindHelp')} />
            <TextInput label={labels.radiusM} name="radiusM" type="number" inputMode="numeric" isRequired value={layer.radiusM} onChange={(radiusM) => set({ radiusM })} description={t('places.radiusHelp')} />
            <TextInput label={labels.weight} name="weight" type="number" inputMode="numeric" isRequired value={layer.weight} onChange={(weight) => set({ weight })} description={t('places.weightHelp')} />
            <TextInput label={labels.nameProperty} name="nameProperty" value={layer.nameProperty} onChange={(nameProperty) => set({ nameProperty })} description={t('places.namePropertyHelp')} />
            <TextInput label={labels.source} name="source" value={layer.source} onChange={(source) => set({ source })} />
          </div>
          <div className="form-actions">
            <Button type="submit" className="button button-primary" isDisabled={submission.pending}>
              {t('places.import')}
            </Button>
          </div>
        </Form>
      </section>

      <section className="section" aria-labelledby="ps-addresses">
        <h2 id="ps-addresses">{t('places.addressesTitle')}</h2>
        <p>{t('places.addressesIntro')}</p>
        <Form
          className="form card"
          onSubmit={(e) => {
            e.preventDefault();
            importAddresses();
          }}
        >
          <div className="field">
            <label className="field-label" htmlFor={ids.addressFile}>
              {t('places.addressFile')}
            </label>
            <input id={ids.addressFile} ref={addressFile} className="field-input" type="file" name="addresses" required accept=".csv,text/csv" />
          </div>
          <CheckField label={t('places.replace')} name="replace" checked={replace} onChange={setReplace} />
          <div className="form-actions">
            <Button type="submit" className="button button-primary" isDisabled={submission.pending}>
              {t('places.importAddresses')}
            </Button>
          </div>
        </Form>
      </section>

      <ModalDialog isOpen={confirm !== null} onClose={() => setConfirm(null)} title={t('places.confirmTitle')} role="alertdialog">
        <p>{t('places.confirmText', { name: confirm?.name ?? '' })}</p>
        <div className="form-actions">
          <Button className="button button-danger-strong" onPress={() => confirm && remove(confirm)}>
            {t('places.delete')}
          </Button>
          <Button className="button button-subtle" onPress={() => setConfirm(null)}>
            {t('config.cancel')}
          </Button>
        </div>
      </ModalDialog>
    </Page>
  );
}
