import type { ReactNode } from 'react';
import { Checkbox, Radio, Text } from 'react-aria-components';

/** A React Aria checkbox with a visible box (the native input stays in the page, visually hidden, for forms and assistive technologies). */
export function Check({ children, description, ...props }: { children: ReactNode; description?: string; isSelected?: boolean; onChange?(v: boolean): void; isDisabled?: boolean; value?: string; name?: string }) {
  return (
    <Checkbox className="pa-check" {...props}>
      <span className="pa-check-box" aria-hidden="true">
        <svg viewBox="0 0 18 18" focusable="false">
          <polyline points="3 9.5 7.5 14 15 4.5" />
        </svg>
      </span>
      <span className="pa-check-text">
        <span className="pa-check-label">{children}</span>
        {description ? <span className="pa-check-description">{description}</span> : null}
      </span>
    </Checkbox>
  );
}

/** A React Aria radio with a visible circle and an optional line of explanation. */
export function RadioChoice({ value, children, description }: { value: string; children: ReactNode; description?: string }) {
  return (
    <Radio value={value} className="pa-radio">
      <span className="pa-radio-text">
        <span className="pa-check-label">{children}</span>
        {description ? (
          <Text slot="description" className="pa-check-description">
            {description}
          </Text>
        ) : null}
      </span>
    </Radio>
  );
}
