import type { OperationProgress } from '../shared/servers';

/**
 * Turns `operation.progress` events into lines for stderr. An image pull
 * reports many fractions; a line is printed when the step or message
 * changes, or the fraction moves by a tenth, so a long pull stays readable.
 */
export class ProgressPrinter {
  private last: { serverId: string; step: string; message: string; fraction: number | null } | undefined;

  constructor(
    private readonly write: (line: string) => void,
    /** Labels lines with the server's name when known. */
    private readonly nameOf: (serverId: string) => string | undefined = () => undefined,
  ) {}

  onProgress(p: OperationProgress): void {
    if (!this.worthALine(p)) return;
    this.last = { serverId: p.serverId, step: p.step, message: p.message, fraction: p.fraction };
    const label = this.nameOf(p.serverId) ?? p.serverId;
    const pct = p.fraction === null ? '' : ` (${Math.round(p.fraction * 100)}%)`;
    this.write(`${label}: ${p.operation}: ${p.message}${pct}`);
  }

  private worthALine(p: OperationProgress): boolean {
    const prev = this.last;
    if (prev === undefined || prev.serverId !== p.serverId || prev.step !== p.step) return true;
    // Pull messages often carry byte counts; within a step the fraction decides.
    if (prev.fraction !== null && p.fraction !== null) return movedEnough(prev.fraction, p.fraction);
    return prev.message !== p.message || prev.fraction !== p.fraction;
  }
}

function movedEnough(prev: number, next: number): boolean {
  return next >= 1 ? prev < 1 : Math.abs(next - prev) >= 0.1;
}
