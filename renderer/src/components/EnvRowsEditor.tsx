import type { EnvRow } from '../server-form/env-fields';

interface Props {
  rows: EnvRow[];
  errors: (string | null)[];
  onChange(rows: EnvRow[]): void;
}

/** Free KEY=VALUE rows for the image's other variables; each row explains its own problem. */
export function EnvRowsEditor({ rows, errors, onChange }: Props) {
  const update = (i: number, patch: Partial<EnvRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="env-rows">
      {rows.map((row, i) => {
        const n = i + 1;
        const error = errors[i];
        const errorId = `env-row-${n}-error`;
        return (
          <div className="env-row" key={i}>
            <label className="visually-hidden" htmlFor={`env-row-${n}-key`}>
              Variable {n} name
            </label>
            <input
              id={`env-row-${n}-key`}
              className="text-input mono"
              placeholder="KEY"
              value={row.key}
              onChange={(e) => update(i, { key: e.target.value })}
              aria-invalid={!!error}
              aria-describedby={error ? errorId : undefined}
              autoComplete="off"
              spellCheck={false}
            />
            <span aria-hidden="true">=</span>
            <label className="visually-hidden" htmlFor={`env-row-${n}-value`}>
              Variable {n} value
            </label>
            <input
              id={`env-row-${n}-value`}
              className="text-input mono"
              placeholder="value"
              value={row.value}
              onChange={(e) => update(i, { value: e.target.value })}
              autoComplete="off"
              spellCheck={false}
            />
            <button type="button" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              Remove<span className="visually-hidden"> variable {n}</span>
            </button>
            {error && (
              <p id={errorId} className="field-error env-row__error">
                {error}
              </p>
            )}
          </div>
        );
      })}
      <button type="button" onClick={() => onChange([...rows, { key: '', value: '' }])}>
        Add variable
      </button>
    </div>
  );
}
