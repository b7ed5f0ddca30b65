import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { FleetRow } from '../fleet/fleet-rows';

/** Where keyboard focus was in the fleet list: enough to find it again after a re-render. */
interface Anchor {
  el: HTMLElement;
  serverId: string | null;
  hostId: string | null;
  /** The control within its card (`data-focus-key`: an action, `history`), if any. */
  key: string | null;
  /** The server's place among the servers shown when it got focus. */
  order: number;
}

const serverIds = (rows: readonly FleetRow[]): string[] =>
  rows.flatMap((r) => (r.kind === 'cards' ? r.servers.map((s) => s.id) : []));

function canTakeFocus(el: HTMLElement): boolean {
  return el.isConnected && !el.matches(':disabled') && el.getClientRects().length > 0;
}

function focusLost(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || active === document.documentElement;
}

/**
 * Keeps keyboard focus in the virtualized fleet list:
 * - the row that holds focus stays rendered however far the page scrolls (`keepIndex`, for the virtualizer);
 * - when what had focus goes away (a Stop button once the server stopped, a card that moved to
 *   another row or left the list), focus goes to the same control in the card, else to the card,
 *   else to the card now in its place, else to its host's card, instead of falling to the page.
 */
export function useListFocus(listRef: RefObject<HTMLElement | null>, rows: readonly FleetRow[]) {
  const anchor = useRef<Anchor | null>(null);
  /** The rows as last rendered, for the focus handlers (which run between renders). */
  const rendered = useRef(rows);

  useEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const onFocusIn = (e: FocusEvent) => {
      const el = e.target as HTMLElement;
      const card = el.closest<HTMLElement>('[data-server-id]');
      const serverId = card?.dataset.serverId ?? null;
      anchor.current = {
        el,
        serverId,
        hostId: el.closest<HTMLElement>('[data-host-id]')?.dataset.hostId ?? null,
        key: el.dataset.focusKey ?? null,
        order: serverId ? serverIds(rendered.current).indexOf(serverId) : -1,
      };
    };
    const onFocusOut = (e: FocusEvent) => {
      const next = e.relatedTarget as Node | null;
      if (next) {
        if (!list.contains(next)) anchor.current = null;
        return;
      }
      // Focus went nowhere: what had it went away or was disabled (keep the anchor and recover), or
      // the user clicked an empty spot (it is still there and could take focus: let go). When the
      // window loses focus, the element stays the active one: keep.
      const left = e.target as HTMLElement;
      setTimeout(() => {
        if (anchor.current?.el === left && canTakeFocus(left) && document.activeElement !== left) anchor.current = null;
      }, 0);
    };
    list.addEventListener('focusin', onFocusIn);
    list.addEventListener('focusout', onFocusOut);
    return () => {
      list.removeEventListener('focusin', onFocusIn);
      list.removeEventListener('focusout', onFocusOut);
    };
  }, [listRef]);

  // After every render of the list: put focus back if what had it went away.
  useLayoutEffect(() => {
    rendered.current = rows;
    const a = anchor.current;
    const list = listRef.current;
    if (!a || !list || !focusLost() || canTakeFocus(a.el)) return;
    const inList = (selector: string) => list.querySelector<HTMLElement>(selector);
    const cardOf = (id: string) => inList(`[data-server-id="${CSS.escape(id)}"]`);
    let target: HTMLElement | null = null;
    const card = a.serverId ? cardOf(a.serverId) : null;
    if (card) {
      const same = a.key ? card.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(a.key)}"]`) : null;
      target = same && canTakeFocus(same) ? same : card;
    } else {
      const ids = serverIds(rows);
      const inPlace = a.order >= 0 && ids.length > 0 ? ids[Math.min(a.order, ids.length - 1)] : undefined;
      target =
        (inPlace ? cardOf(inPlace) : null) ?? (a.hostId ? inList(`[data-host-id="${CSS.escape(a.hostId)}"]`) : null);
    }
    target?.focus();
  });

  /** Which of `rows` to keep rendered because it holds focus, or -1. */
  const keepIndex = (current: readonly FleetRow[]): number => {
    const a = anchor.current;
    if (!a) return -1;
    const { serverId, hostId } = a;
    if (serverId) return current.findIndex((r) => r.kind === 'cards' && r.servers.some((s) => s.id === serverId));
    return hostId ? current.findIndex((r) => r.kind === 'host' && r.group.hostId === hostId) : -1;
  };

  return { keepIndex };
}
