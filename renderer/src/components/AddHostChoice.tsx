import { useId, type ReactNode } from 'react';

export interface Choice<T extends string> {
  value: T;
  label: string;
  /** Announced with the option (aria-describedby), shown under its label. */
  hint?: ReactNode;
}

interface Props<T extends string> {
  legend: string;
  value: T;
  options: readonly Choice<T>[];
  onChange(value: T): void;
  /** `cards`: options side by side as boxes (the connection kind); `inline`: a row of plain radios. */
  layout?: 'cards' | 'inline';
}

/**
 * A radio group: native radios, so Tab enters the group at the chosen one and
 * the arrow keys move the choice, as every browser does.
 */
export function AddHostChoice<T extends string>({ legend, value, options, onChange, layout = 'cards' }: Props<T>) {
  const id = useId();
  return (
    <fieldset role="radiogroup" className={`add-host-choice add-host-choice--${layout}`}>
      <legend className="field-label">{legend}</legend>
      <div className="add-host-choice__options">
        {options.map((o) => {
          const inputId = `${id}-${o.value}`;
          const hintId = o.hint ? `${inputId}-hint` : undefined;
          return (
            <div key={o.value} className={`add-host-choice__option${o.value === value ? ' is-checked' : ''}`}>
              <input
                id={inputId}
                type="radio"
                name={id}
                value={o.value}
                checked={o.value === value}
                onChange={() => onChange(o.value)}
                aria-describedby={hintId}
              />
              <label htmlFor={inputId}>{o.label}</label>
              {o.hint && (
                <p id={hintId} className="add-host-choice__hint">
                  {o.hint}
                </p>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
