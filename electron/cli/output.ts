/** Plain-text output: stdout carries results, stderr carries progress and errors. */

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return (
    [header, ...rows]
      .map((r) =>
        widths
          .map((w, i) => (r[i] ?? '').padEnd(w))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** `label: value` lines with the values aligned. */
export function formatFields(fields: readonly (readonly [string, string])[]): string {
  const width = Math.max(...fields.map(([label]) => label.length)) + 1;
  return fields.map(([label, value]) => `${`${label}:`.padEnd(width)} ${value}`.trimEnd()).join('\n') + '\n';
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printNote(text: string): void {
  process.stderr.write(`${text}\n`);
}

/** "in 23h 5m" / "3m ago": rough, for people reading a countdown. */
export function formatRelative(iso: string, now: number): string {
  const diff = Date.parse(iso) - now;
  const abs = Math.abs(diff);
  const minutes = Math.round(abs / 60_000);
  let span: string;
  if (abs < 60_000) span = `${Math.max(1, Math.round(abs / 1000))}s`;
  else if (minutes < 60) span = `${minutes}m`;
  else if (minutes < 48 * 60) span = `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
  else span = `${Math.round(minutes / 1440)}d`;
  return diff >= 0 ? `in ${span}` : `${span} ago`;
}
