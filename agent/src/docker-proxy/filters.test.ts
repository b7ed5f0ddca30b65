import { describe, expect, it } from 'vitest';
import { withManagedLabel } from './filters';
import { Refusal } from './refusal';

describe('withManagedLabel', () => {
  it('adds the label to no filters', () => {
    expect(JSON.parse(withManagedLabel(null))).toEqual({ label: { 'zedops.managed=true': true } });
    expect(JSON.parse(withManagedLabel(''))).toEqual({ label: { 'zedops.managed=true': true } });
    expect(JSON.parse(withManagedLabel('null'))).toEqual({ label: { 'zedops.managed=true': true } });
  });

  it('keeps the client filters in either of the forms Docker reads', () => {
    expect(JSON.parse(withManagedLabel('{"type":["container"],"label":["zedops.server.id=a"]}'))).toEqual({
      type: { container: true },
      label: { 'zedops.server.id=a': true, 'zedops.managed=true': true },
    });
    expect(JSON.parse(withManagedLabel('{"label":{"other=1":true},"event":{"die":true}}'))).toEqual({
      label: { 'other=1': true, 'zedops.managed=true': true },
      event: { die: true },
    });
  });

  it('turns a client "zedops.managed=true": false into true', () => {
    expect(JSON.parse(withManagedLabel('{"label":{"zedops.managed=true":false}}'))).toEqual({
      label: { 'zedops.managed=true': true },
    });
  });

  it.each(['{', '[1]', '"label"', '{"label":"x"}', '{"label":[1]}', '{"label":{"a":"yes"}}'])(
    'refuses the malformed filters %s with 400',
    (filters) => {
      let caught: unknown;
      try {
        withManagedLabel(filters);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(Refusal);
      expect((caught as Refusal).status).toBe(400);
      expect((caught as Refusal).rule).toBe('bad-request');
    },
  );
});
