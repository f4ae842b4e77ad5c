import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { TextAreaInput, TextInput } from '@web/components/fields';
import { REPORT_STATUSES } from '../../api';
import { EMPTY_TEMPLATE, type TemplateDraft } from './drafts';
import { NativeSelect } from './fields';

/** A category's response templates: the public messages agents pick when they change a report's status. */
export function TemplatesEditor({ items, onChange }: { items: TemplateDraft[]; onChange(items: TemplateDraft[]): void }) {
  const { t } = useTranslation('public-space');
  const set = (i: number, patch: Partial<TemplateDraft>) => onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <div className="ps-repeat" data-testid="templates-editor">
      {items.length === 0 ? <p>{t('categories.noTemplates')}</p> : null}
      {items.map((tpl, i) => (
        <fieldset key={i} className="ps-repeat-item">
          <legend>{t('categories.templateN', { n: i + 1 })}</legend>
          <div className="form-grid">
            <TextInput label={t('categories.templateId')} name={`responseTemplates.${i}.id`} isRequired value={tpl.id} onChange={(id) => set(i, { id })} description={t('categories.templateIdHelp')} />
            <TextInput label={t('categories.templateTitle')} name={`responseTemplates.${i}.title`} isRequired value={tpl.title} onChange={(title) => set(i, { title })} />
            <NativeSelect label={t('categories.templateStatus')} name={`responseTemplates.${i}.status`} value={tpl.status} onChange={(v) => set(i, { status: v as TemplateDraft['status'] })}>
              <option value="">{t('categories.anyStatus')}</option>
              {REPORT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status.${s}`)}
                </option>
              ))}
            </NativeSelect>
          </div>
          <TextAreaInput label={t('categories.templateText')} name={`responseTemplates.${i}.text`} isRequired rows={3} value={tpl.text} onChange={(text) => set(i, { text })} />
          <div className="row-actions">
            <Button className="button button-small button-danger" onPress={() => onChange(items.filter((_, j) => j !== i))} aria-label={t('categories.removeTemplateLabel', { n: i + 1 })}>
              {t('categories.remove')}
            </Button>
          </div>
        </fieldset>
      ))}
      <Button className="button" onPress={() => onChange([...items, { ...EMPTY_TEMPLATE }])}>
        {t('categories.addTemplate')}
      </Button>
    </div>
  );
}
