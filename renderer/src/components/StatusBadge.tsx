import type { ServerStatus } from '../../../electron/shared/lifecycle';
import { statusLabel } from '../fleet/format';

/**
 * Colour, shape and word, so it reads without colour. The shape comes from
 * styles.css (with empty alt text), so the badge's text is just the word. A
 * fixed minimum width keeps the card from jumping when the status changes.
 */
export function StatusBadge({ status }: { status: ServerStatus }) {
  return (
    <span className={`badge status-badge status-badge--${status}`} role="status">
      {statusLabel[status]}
    </span>
  );
}
