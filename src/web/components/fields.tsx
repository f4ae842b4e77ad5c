import type { Key } from 'react-aria-components';
import {
  Button,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Text,
  TextField,
  type TextFieldProps,
} from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** Native constraint messages come in the browser's language; these follow the page's. */
function LocalizedFieldError() {
  const { t } = useTranslation();
  return (
    <FieldError className="field-error">
      {(v) =>
        v.validationDetails.valueMissing
          ? t('forms.required')
          : v.validationDetails.typeMismatch
            ? t('forms.typeMismatch')
            : v.validationDetails.tooShort
              ? t('forms.tooShort')
              : v.validationErrors.join(' ')
      }
    </FieldError>
  );
}

interface TextInputProps extends Omit<TextFieldProps, 'children'> {
  label: string;
  description?: string;
  placeholder?: string;
}

/** A labelled text field whose description and error are tied to the input by React Aria (aria-describedby). */
export function TextInput({ label, description, placeholder, className, ...props }: TextInputProps) {
  return (
    <TextField {...props} className={['field', className].filter(Boolean).join(' ')}>
      <Label className="field-label">{label}</Label>
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <Input className="field-input" placeholder={placeholder} />
      <LocalizedFieldError />
    </TextField>
  );
}

interface SelectFieldProps {
  label: string;
  name: string;
  value: Key | null;
  onChange(value: Key | null): void;
  options: { id: string; label: string }[];
  description?: string;
  isRequired?: boolean;
}

export function SelectField({ label, name, value, onChange, options, description, isRequired }: SelectFieldProps) {
  return (
    <Select className="field" name={name} value={value} onChange={onChange} isRequired={isRequired}>
      <Label className="field-label">{label}</Label>
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <Button className="field-input select-button">
        <SelectValue />
        <span aria-hidden="true" className="select-chevron" />
      </Button>
      <LocalizedFieldError />
      <Popover className="select-popover">
        <ListBox className="select-list">
          {options.map((o) => (
            <ListBoxItem key={o.id} id={o.id} className="select-option" textValue={o.label}>
              {o.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
