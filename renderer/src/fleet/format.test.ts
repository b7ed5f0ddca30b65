import { describe, expect, it } from 'vitest';
import { operationLabel, relativeTime } from './format';

describe('relativeTime', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  it.each([
    ['2026-03-01T11:59:50Z', 'just now'],
    ['2026-03-01T11:57:00Z', '3 min ago'],
    ['2026-03-01T09:00:00Z', '3 h ago'],
    ['2026-02-25T12:00:00Z', '4 days ago'],
    ['2026-03-02T12:00:00Z', 'in 24 h'],
  ])('says %s is "%s"', (iso, text) => {
    expect(relativeTime(iso, now)).toBe(text);
  });
});

describe('operationLabel', () => {
  it('says what is happening', () => {
    expect(operationLabel('stop')).toBe('Stopping…');
    expect(operationLabel('create')).toBe('Creating…');
  });

  it('still reads as a sentence for an operation it does not know', () => {
    expect(operationLabel('import')).toBe('Running import…');
  });
});
