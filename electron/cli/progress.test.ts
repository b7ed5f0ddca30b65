import { describe, expect, it } from 'vitest';
import type { OperationProgress } from '../shared/servers';
import { ProgressPrinter } from './progress';

function collectLines(nameOf?: (id: string) => string | undefined) {
  const lines: string[] = [];
  const printer = new ProgressPrinter((l) => lines.push(l), nameOf);
  const emit = (p: Partial<OperationProgress>) =>
    printer.onProgress({ serverId: 's1', operation: 'create', step: 'pull', message: 'Pulling', fraction: null, ...p });
  return { lines, emit };
}

describe('ProgressPrinter', () => {
  it('prints one line per step, labelled with the server name and a percentage when known', () => {
    const { lines, emit } = collectLines((id) => (id === 's1' ? 'north' : undefined));
    emit({ step: 'pull', message: 'Pulling image', fraction: 0 });
    emit({ step: 'dirs', message: 'Making data folders', fraction: null });
    expect(lines).toEqual(['north: create: Pulling image (0%)', 'north: create: Making data folders']);
  });

  it('skips repeats and small steps of a pull, but always prints its completion', () => {
    const { lines, emit } = collectLines();
    for (const f of [0, 0.02, 0.05, 0.11, 0.15, 0.5, 0.95, 1, 1]) emit({ message: 'Pulling image', fraction: f });
    expect(lines.map((l) => l.replace(/.*\(/, '('))).toEqual(['(0%)', '(11%)', '(50%)', '(95%)', '(100%)']);
  });

  it('prints a changed message within the same step', () => {
    const { lines, emit } = collectLines();
    emit({ step: 'start', message: 'Starting container' });
    emit({ step: 'start', message: 'Starting container' });
    emit({ step: 'start', message: 'Waiting for the game' });
    expect(lines).toEqual(['s1: create: Starting container', 's1: create: Waiting for the game']);
  });
});
