import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, Text, type Key } from 'react-aria-components';
import { LocalizedFieldError } from './fields';


interface SelectFieldProps {
  label: string;
  name: string;
  value: Key | null;
  onChange(value: Key | null): void;
  options: { id: string; label: string }[];
  description?: string;
  isRequired?: boolean;
}

/**
 * A labelled React Aria select. Kept apart from the text fields so that the portal, which has no
 * select, does not ship React Aria's listbox, popover and collection code.
 */
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
