import { FieldError, Input, Label, Text, TextArea, TextField, type TextFieldProps } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** Native constraint messages come in the browser's language; these follow the page's. */
export function LocalizedFieldError() {
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

interface TextAreaInputProps extends Omit<TextFieldProps, 'children'> {
  label: string;
  description?: string;
  rows?: number;
}

/** A labelled multi-line field, with its description and error tied to it like `TextInput`'s. */
export function TextAreaInput({ label, description, rows = 4, className, ...props }: TextAreaInputProps) {
  return (
    <TextField {...props} className={['field', className].filter(Boolean).join(' ')}>
      <Label className="field-label">{label}</Label>
      {description ? (
        <Text slot="description" className="field-description">
          {description}
        </Text>
      ) : null}
      <TextArea className="field-input" rows={rows} />
      <LocalizedFieldError />
    </TextField>
  );
}
