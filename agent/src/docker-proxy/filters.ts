import { refuse } from './refusal';

export const managedLabel = 'zedops.managed';
export const managedFilter = `${managedLabel}=true`;

/**
 * Adds `label=zedops.managed=true` to a Docker `filters` query value. Docker
 * takes the JSON in two forms, `{"label":["a=b"]}` and `{"label":{"a=b":true}}`;
 * the result is the second, which every API version reads. Docker requires
 * every label filter to match, so the client's own filters only narrow it.
 */
export function withManagedLabel(filters: string | null): string {
  const merged = new Map<string, Map<string, boolean>>();
  if (filters !== null && filters.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(filters);
    } catch {
      refuse('bad-request', 'the filters parameter is not valid JSON', 400);
    }
    if (parsed !== null) {
      if (typeof parsed !== 'object' || Array.isArray(parsed)) {
        refuse('bad-request', 'the filters parameter must be a JSON object', 400);
      }
      for (const [key, values] of Object.entries(parsed as Record<string, unknown>)) {
        const set = new Map<string, boolean>();
        if (Array.isArray(values)) {
          for (const v of values) {
            if (typeof v !== 'string') refuse('bad-request', `filter "${key}" must list strings`, 400);
            set.set(v, true);
          }
        } else if (typeof values === 'object' && values !== null) {
          for (const [v, on] of Object.entries(values as Record<string, unknown>)) {
            if (typeof on !== 'boolean') refuse('bad-request', `filter "${key}" must map strings to true`, 400);
            set.set(v, on);
          }
        } else {
          refuse('bad-request', `filter "${key}" must be a list of strings`, 400);
        }
        merged.set(key, set);
      }
    }
  }
  const labels = merged.get('label') ?? new Map<string, boolean>();
  labels.set(managedFilter, true);
  merged.set('label', labels);
  return JSON.stringify(Object.fromEntries([...merged].map(([key, values]) => [key, Object.fromEntries(values)])));
}
