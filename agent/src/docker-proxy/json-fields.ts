import { refuse } from './refusal';

/**
 * Docker decodes request bodies with Go's encoding/json, which matches object
 * keys to struct fields without regard to case, and with Unicode folding:
 * `privileged`, `PRIVILEGED` and `Privileged` all set HostConfig.Privileged,
 * as does `Privileged` written with the Kelvin sign or the long s (U+212A,
 * U+017F) in place of k and s. The policy therefore reads struct-typed
 * objects through this view, which folds keys the same way, and refuses an
 * object where two keys fold to the same field (Go would keep the last one;
 * the proxy does not guess).
 */
export function foldKey(key: string): string {
  return key
    .replace(/\u017f/g, 's')
    .replace(/\u212a/g, 'k')
    .toLowerCase();
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go's zero value, or an empty list or map: a field given this way changes nothing. */
export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isObject(value)) return Object.keys(value).length === 0;
  return false;
}

export class Fields {
  private readonly byFold = new Map<string, string>();

  /** `where` names the object in messages, as in `HostConfig`. */
  constructor(
    readonly object: JsonObject,
    readonly where: string,
  ) {
    for (const key of Object.keys(object)) {
      const folded = foldKey(key);
      const other = this.byFold.get(folded);
      if (other !== undefined) {
        refuse(
          'bad-json',
          `${where} has both "${other}" and "${key}", which Docker reads as the same field; send it once`,
          400,
        );
      }
      this.byFold.set(folded, key);
    }
  }

  /** The key as the client wrote it, for the field named `name` (any case). */
  keyOf(name: string): string | undefined {
    return this.byFold.get(foldKey(name));
  }

  get(name: string): unknown {
    const key = this.keyOf(name);
    return key === undefined ? undefined : this.object[key];
  }

  keys(): string[] {
    return Object.keys(this.object);
  }
}

/** A view of `value`, which must be a JSON object, or absent (null) when `optional`. */
export function fieldsOf(value: unknown, where: string): Fields;
export function fieldsOf(value: unknown, where: string, optional: true): Fields | undefined;
export function fieldsOf(value: unknown, where: string, optional = false): Fields | undefined {
  if (optional && (value === undefined || value === null)) return undefined;
  if (!isObject(value)) refuse('bad-json', `${where} must be a JSON object`, 400);
  return new Fields(value, where);
}

/** A set of field names, looked up by their folded form; `canonical` gives the name Docker documents. */
export class FieldNames {
  private readonly names = new Map<string, string>();

  constructor(names: readonly string[]) {
    for (const n of names) this.names.set(foldKey(n), n);
  }

  canonical(key: string): string | undefined {
    return this.names.get(foldKey(key));
  }

  has(key: string): boolean {
    return this.names.has(foldKey(key));
  }

  list(): string[] {
    return [...this.names.values()];
  }
}
