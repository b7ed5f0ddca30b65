import { describe, expect, it } from 'vitest';
import { FieldNames, fieldsOf, foldKey, isEmpty } from './json-fields';
import { Refusal } from './refusal';

describe('foldKey', () => {
  it("folds keys as Go's encoding/json matches them", () => {
    expect(foldKey('Privileged')).toBe(foldKey('PRIVILEGED'));
    // The Kelvin sign and the long s fold to k and s in Go.
    expect(foldKey('\u212aernelMemory')).toBe(foldKey('KernelMemory'));
    expect(foldKey('\u017fecurityOpt')).toBe(foldKey('SecurityOpt'));
    expect(foldKey('Prİvileged')).not.toBe(foldKey('Privileged'));
  });
});

describe('Fields', () => {
  it('finds a field whatever its case, and says how the client wrote it', () => {
    const f = fieldsOf({ privileged: true }, 'HostConfig');
    expect(f.get('Privileged')).toBe(true);
    expect(f.keyOf('Privileged')).toBe('privileged');
  });

  it('refuses two keys Docker would read as one field', () => {
    expect(() => fieldsOf({ Privileged: false, privileged: true }, 'HostConfig')).toThrow(Refusal);
  });

  it('refuses a non-object where an object is expected, and allows null when optional', () => {
    expect(() => fieldsOf([], 'HostConfig')).toThrow(/HostConfig must be a JSON object/);
    expect(fieldsOf(null, 'HostConfig', true)).toBeUndefined();
  });
});

describe('FieldNames and isEmpty', () => {
  it('looks names up by their folded form', () => {
    const names = new FieldNames(['NanoCpus']);
    expect(names.canonical('nanocpus')).toBe('NanoCpus');
    expect(names.has('NANOCPUS')).toBe(true);
    expect(names.list()).toEqual(['NanoCpus']);
  });

  it.each([undefined, null, false, 0, '', [], {}])('counts %j as empty', (v) => {
    expect(isEmpty(v)).toBe(true);
  });

  it.each([true, 1, 'x', [0], { a: 1 }])('counts %j as given', (v) => {
    expect(isEmpty(v)).toBe(false);
  });
});
