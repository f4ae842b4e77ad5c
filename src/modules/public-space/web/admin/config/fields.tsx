import { useId, type ReactNode } from 'react';

/**
 * The configuration forms' native select and checkbox, labelled like the module's other pages
 * (native controls are the most robust with the keyboard and screen readers on phones too).
 * Text fields are the shell's React Aria ones (`@web/components/fields`).
 */
export function NativeSelect({
  label,
  name,
  value,
  onChange,
  children,
  description,
  required,
}: {
  label: string;
  name: string;
  value: string;
  onChange(value: string): void;
  children: ReactNode;
  description?: string;
  required?: boolean;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {description ? (
        <p className="field-description" id={`${id}-help`}>
          {description}
        </p>
      ) : null}
      <select id={id} name={name} className="field-input" value={value} required={required} onChange={(e) => onChange(e.target.value)} aria-describedby={description ? `${id}-help` : undefined}>
        {children}
      </select>
    </div>
  );
}

export function CheckField({ label, name, checked, onChange }: { label: string; name: string; checked: boolean; onChange(checked: boolean): void }) {
  const id = useId();
  return (
    <div className="ps-check">
      <input id={id} name={name} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
