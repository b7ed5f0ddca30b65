import { describe, expect, it } from 'vitest';
import { restoreWindow, type Rect, type SavedWindow } from './window-bounds';

const laptop: Rect = { x: 0, y: 0, width: 1440, height: 875 };
const monitorRight: Rect = { x: 1440, y: -200, width: 2560, height: 1400 };
const min = { minWidth: 880, minHeight: 560 };
const saved = (over: Partial<SavedWindow>): SavedWindow => ({
  x: 100,
  y: 80,
  width: 1280,
  height: 760,
  maximized: false,
  ...over,
});

describe('restoreWindow', () => {
  it('opens at the default size, centred, when nothing is remembered', () => {
    expect(restoreWindow({ saved: null, workAreas: [laptop], ...min })).toEqual({ bounds: null, maximized: false });
  });

  it('puts the window back exactly where it was', () => {
    expect(restoreWindow({ saved: saved({}), workAreas: [laptop], ...min })).toEqual({
      bounds: { x: 100, y: 80, width: 1280, height: 760 },
      maximized: false,
    });
  });

  it('puts it back on the second monitor, maximized if it was', () => {
    const onMonitor = saved({ x: 2000, y: 0, width: 1600, height: 1000, maximized: true });
    expect(restoreWindow({ saved: onMonitor, workAreas: [laptop, monitorRight], ...min })).toEqual({
      bounds: { x: 2000, y: 0, width: 1600, height: 1000 },
      maximized: true,
    });
  });

  it('falls back to the default when its monitor was unplugged', () => {
    const onMonitor = saved({ x: 2000, y: 0, width: 1600, height: 1000, maximized: true });
    expect(restoreWindow({ saved: onMonitor, workAreas: [laptop], ...min })).toEqual({ bounds: null, maximized: true });
  });

  it('does not restore a window whose title bar would be out of reach', () => {
    // Only the bottom 20 px would show above the top of the screen... nothing to grab.
    const above = saved({ y: -780 });
    expect(restoreWindow({ saved: above, workAreas: [laptop], ...min }).bounds).toBeNull();
  });

  it('shrinks a window bigger than its screen now is, and moves it fully onto it', () => {
    const big = saved({ x: 300, y: 50, width: 2400, height: 1300 });
    expect(restoreWindow({ saved: big, workAreas: [laptop], ...min }).bounds).toEqual(laptop);
    const halfOff = saved({ x: 1000, y: 300 });
    expect(restoreWindow({ saved: halfOff, workAreas: [laptop], ...min }).bounds).toEqual({
      x: 160,
      y: 115,
      width: 1280,
      height: 760,
    });
  });

  it('ignores a damaged record', () => {
    for (const bad of [saved({ width: 0 }), saved({ x: Number.NaN }), saved({ height: -5 })]) {
      expect(restoreWindow({ saved: bad, workAreas: [laptop], ...min }).bounds).toBeNull();
    }
  });
});
