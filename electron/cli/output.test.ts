import { describe, expect, it } from 'vitest';
import { formatFields, formatRelative, formatTable } from './output';

describe('formatTable', () => {
  it('pads columns to the widest cell and trims trailing spaces', () => {
    expect(
      formatTable(
        ['NAME', 'STATUS', 'NOTE'],
        [
          ['north', 'running', ''],
          ['a', 'failed', 'port taken'],
        ],
      ),
    ).toBe('NAME   STATUS   NOTE\nnorth  running\na      failed   port taken\n');
  });
});

describe('formatFields', () => {
  it('aligns values after their labels', () => {
    expect(
      formatFields([
        ['Name', 'north'],
        ['Last error', 'x'],
      ]),
    ).toBe('Name:       north\nLast error: x\n');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it('reads as a countdown or an age', () => {
    expect(formatRelative('2025-01-01T00:00:30Z', now)).toBe('in 30s');
    expect(formatRelative('2025-01-01T00:15:00Z', now)).toBe('in 15m');
    expect(formatRelative('2025-01-01T23:05:00Z', now)).toBe('in 23h 5m');
    expect(formatRelative('2025-01-08T00:00:00Z', now)).toBe('in 7d');
    expect(formatRelative('2024-12-31T23:57:00Z', now)).toBe('3m ago');
  });
});
