import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  label: ReactNode;
  value: string;
  onChange(value: string): void;
  /** Shown under the field and announced with it; marks it aria-invalid. */
  error?: string | null;
  /** Another problem found elsewhere (e.g. a port conflict), shown like an error. */
  conflict?: string | null;
  hint?: ReactNode;
  /** Extra classes for the input itself (e.g. `mono` for names and IDs). */
  inputClassName?: string;
}

/** A labelled text input whose hint and error are tied to it with aria-describedby. */
export function FormField({
  label,
  value,
  onChange,
  error,
  conflict,
  hint,
  className,
  inputClassName,
  ...input
}: Props) {
  const id = useId();
  const problems = [error, conflict].filter((p): p is string => !!p);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = problems.length > 0 ? `${id}-error` : undefined;
  return (
    <div className={`form-field ${className ?? ''}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        className={`text-input ${inputClassName ?? ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={problems.length > 0}
        aria-describedby={[errorId, hintId].filter(Boolean).join(' ') || undefined}
        autoComplete="off"
        spellCheck={false}
        {...input}
      />
      {errorId && (
        <p id={errorId} className="field-error">
          {problems.join(' ')}
        </p>
      )}
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );
}
