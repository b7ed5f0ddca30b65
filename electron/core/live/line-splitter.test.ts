import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';

const a = JSON.stringify({ Action: 'start', id: 'a' });
const b = JSON.stringify({ Action: 'die', id: 'b', Actor: { Attributes: { name: 'zedops-ünïcode' } } });

describe('LineSplitter', () => {
  it('gives each event of a chunk that holds several', () => {
    expect(new LineSplitter().push(`${a}\n${b}\n`)).toEqual([a, b]);
  });

  it('holds half an event until the rest arrives', () => {
    const s = new LineSplitter();
    expect(s.push(a.slice(0, 10))).toEqual([]);
    expect(s.push(`${a.slice(10)}\n${b.slice(0, 5)}`)).toEqual([a]);
    expect(s.push(`${b.slice(5)}\n`)).toEqual([b]);
  });

  it('splits at every byte without losing or corrupting multi-byte characters', () => {
    const bytes = new TextEncoder().encode(`${a}\n${b}\n`);
    for (let cut = 1; cut < bytes.length; cut++) {
      const s = new LineSplitter();
      expect([...s.push(bytes.subarray(0, cut)), ...s.push(bytes.subarray(cut))], `cut at ${cut}`).toEqual([a, b]);
    }
  });

  it('skips blank lines, strips CR, and flushes a last line without a newline', () => {
    const s = new LineSplitter();
    expect(s.push(`\n${a}\r\n\n`)).toEqual([a]);
    expect(s.push(b)).toEqual([]);
    expect(s.flush()).toEqual([b]);
    expect(s.flush()).toEqual([]);
  });
});
