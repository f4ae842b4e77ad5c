import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { TextAreaInput, TextInput } from '@web/components/fields';
import { ATTRIBUTE_DATATYPES } from '../../api';
import { EMPTY_ATTRIBUTE, isList, moved, type AttributeDraft } from './drafts';
import { CheckField, NativeSelect } from './fields';

/**
 * A category's extra questions (Open311 service attributes), in the order residents see them:
 * each in a group of its own, moved with buttons (no drag and drop, so the keyboard can do it).
 */
export function AttributesEditor({ items, onChange }: { items: AttributeDraft[]; onChange(items: AttributeDraft[]): void }) {
  const { t } = useTranslation('public-space');
  const set = (i: number, patch: Partial<AttributeDraft>) => onChange(items.map((a, j) => (j === i ? { ...a, ...patch } : a)));
  return (
    <div className="ps-repeat" data-testid="attributes-editor">
      {items.length === 0 ? <p>{t('categories.noQuestions')}</p> : null}
      {items.map((a, i) => (
        <fieldset key={i} className="ps-repeat-item">
          <legend>{t('categories.questionN', { n: i + 1 })}</legend>
          <div className="form-grid">
            <TextInput label={t('categories.questionCode')} name={`attributes.${i}.code`} isRequired value={a.code} onChange={(code) => set(i, { code })} description={t('categories.questionCodeHelp')} />
            <TextInput label={t('categories.questionText')} name={`attributes.${i}.description`} isRequired value={a.description} onChange={(description) => set(i, { description })} />
            <NativeSelect label={t('categories.questionType')} name={`attributes.${i}.datatype`} value={a.datatype} onChange={(v) => set(i, { datatype: v as AttributeDraft['datatype'] })}>
              {ATTRIBUTE_DATATYPES.map((d) => (
                <option key={d} value={d}>
                  {t(`categories.datatypes.${d}`)}
                </option>
              ))}
            </NativeSelect>
            <TextInput label={t('categories.questionHint')} name={`attributes.${i}.datatypeDescription`} value={a.datatypeDescription} onChange={(datatypeDescription) => set(i, { datatypeDescription })} />
          </div>
          {isList(a.datatype) ? (
            <TextAreaInput label={t('categories.questionValues')} name={`attributes.${i}.values`} isRequired rows={4} value={a.values} onChange={(values) => set(i, { values })} description={t('categories.questionValuesHelp')} />
          ) : null}
          <CheckField label={t('categories.questionRequired')} name={`attributes.${i}.required`} checked={a.required} onChange={(required) => set(i, { required })} />
          <div className="row-actions">
            <Button className="button button-small" isDisabled={i === 0} onPress={() => onChange(moved(items, i, -1))} aria-label={t('categories.moveUpLabel', { n: i + 1 })}>
              {t('categories.moveUp')}
            </Button>
            <Button className="button button-small" isDisabled={i === items.length - 1} onPress={() => onChange(moved(items, i, 1))} aria-label={t('categories.moveDownLabel', { n: i + 1 })}>
              {t('categories.moveDown')}
            </Button>
            <Button className="button button-small button-danger" onPress={() => onChange(items.filter((_, j) => j !== i))} aria-label={t('categories.removeQuestionLabel', { n: i + 1 })}>
              {t('categories.remove')}
            </Button>
          </div>
        </fieldset>
      ))}
      <Button className="button" onPress={() => onChange([...items, { ...EMPTY_ATTRIBUTE }])}>
        {t('categories.addQuestion')}
      </Button>
    </div>
  );
}
