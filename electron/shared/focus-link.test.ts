import { describe, expect, it } from 'vitest';
import { focusHash, parseFocusHash } from './focus-link';

describe('focus links', () => {
  it('round-trips a server and a host target through the hash', () => {
    expect(parseFocusHash(focusHash({ kind: 'server', id: 'srv_01H8' }))).toEqual({ kind: 'server', id: 'srv_01H8' });
    expect(parseFocusHash(focusHash({ kind: 'host', id: 'h1' }))).toEqual({ kind: 'host', id: 'h1' });
  });

  it('keeps ids with characters that mean something in a URL intact', () => {
    const id = 'a b&c=d#e/ü';
    const hash = focusHash({ kind: 'server', id });
    expect(hash.slice(1)).not.toMatch(/[ &#]/);
    expect(parseFocusHash(focusHash({ kind: 'server', id }))).toEqual({ kind: 'server', id });
  });

  it('ignores every other hash, including the browser-mode token', () => {
    for (const hash of [
      '',
      '#',
      '#token=abc',
      '#server=',
      '#server',
      '#server=a&token=b',
      '#volume=x',
      '#server=%E0%A4%A',
    ]) {
      expect(parseFocusHash(hash)).toBeNull();
    }
  });

  it('refuses an id longer than any the API accepts', () => {
    expect(parseFocusHash(`#server=${'x'.repeat(101)}`)).toBeNull();
    expect(parseFocusHash(`#server=${'x'.repeat(100)}`)).toEqual({ kind: 'server', id: 'x'.repeat(100) });
  });
});
