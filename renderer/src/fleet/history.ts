import type { ServerEvent } from '../../../electron/shared/servers';
import { statusLabel } from './format';

export const actorLabel: Record<ServerEvent['actor'], string> = {
  user: 'user',
  reconciler: 'ZedOps (reconciler)',
  retention: 'retention',
};

/** "Running → Stopped" when the status moved; otherwise the kind in words ("container gone"). */
export function describeChange(event: Pick<ServerEvent, 'kind' | 'fromStatus' | 'toStatus'>): string {
  const { fromStatus, toStatus } = event;
  if (toStatus && fromStatus && fromStatus !== toStatus) return `${statusLabel[fromStatus]} → ${statusLabel[toStatus]}`;
  if (toStatus && !fromStatus) return `→ ${statusLabel[toStatus]}`;
  const words = event.kind.replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'Change';
}

/** Local date and time, short: the history is read by the person at this screen. */
export function historyTime(iso: string, locale?: string): string {
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
}
