/** A rectangle in screen coordinates (DIPs), as Electron gives bounds and work areas. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The window as remembered: its normal (not maximized) bounds, and whether it was maximized. */
export interface SavedWindow extends Rect {
  maximized: boolean;
}

export interface RestoreInputs {
  saved: SavedWindow | null;
  /** Each display's work area (the screen less task bars and docks); the primary one first. */
  workAreas: readonly Rect[];
  minWidth: number;
  minHeight: number;
}

/** How much of the window's top edge must be on a screen for it to count as reachable (to grab and drag). */
export const reachableStrip = { width: 120, height: 32 };

/**
 * Where to open the window: where it was, if that is still on a screen, with
 * its size brought within that screen; nothing (the default size, centred)
 * when there is nothing remembered or its screen has gone.
 */
export function restoreWindow(inputs: RestoreInputs): { bounds: Rect | null; maximized: boolean } {
  const { saved } = inputs;
  if (!saved || !isSane(saved)) return { bounds: null, maximized: false };
  const titleBar: Rect = { x: saved.x, y: saved.y, width: saved.width, height: reachableStrip.height };
  const home = bestArea(saved, inputs.workAreas);
  const reachable =
    home !== null &&
    inputs.workAreas.some((area) => {
      const strip = intersection(titleBar, area);
      return (
        strip !== null &&
        strip.width >= Math.min(reachableStrip.width, saved.width) &&
        strip.height >= reachableStrip.height
      );
    });
  if (!home || !reachable) return { bounds: null, maximized: saved.maximized };
  const width = clamp(saved.width, Math.min(inputs.minWidth, home.width), home.width);
  const height = clamp(saved.height, Math.min(inputs.minHeight, home.height), home.height);
  // Nudge it fully onto its screen: a resolution change must not leave part of it out of reach.
  const x = clamp(saved.x, home.x, home.x + home.width - width);
  const y = clamp(saved.y, home.y, home.y + home.height - height);
  return { bounds: { x, y, width, height }, maximized: saved.maximized };
}

function isSane(r: Rect): boolean {
  return [r.x, r.y, r.width, r.height].every(Number.isFinite) && r.width > 0 && r.height > 0;
}

/** The work area holding most of the window. */
function bestArea(window: Rect, areas: readonly Rect[]): Rect | null {
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of areas) {
    const overlap = intersection(window, area);
    const size = overlap ? overlap.width * overlap.height : 0;
    if (size > bestArea) {
      best = area;
      bestArea = size;
    }
  }
  return best;
}

function intersection(a: Rect, b: Rect): Rect | null {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const right = Math.min(a.x + a.width, b.x + b.width);
  const bottom = Math.min(a.y + a.height, b.y + b.height);
  return right > x && bottom > y ? { x, y, width: right - x, height: bottom - y } : null;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
