import type { BrowserWindow, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { AppWindows } from './app-windows';

let nextId = 1;
function fakeWindow() {
  let onClosed: (() => void) | undefined;
  let destroyed = false;
  const contents = { id: nextId++, isDestroyed: () => destroyed };
  const window = {
    webContents: contents,
    isDestroyed: () => destroyed,
    once: (event: string, listener: () => void) => {
      if (event === 'closed') onClosed = listener;
    },
  };
  const close = () => {
    destroyed = true;
    onClosed?.();
  };
  return { window: window as unknown as BrowserWindow, contents: contents as unknown as WebContents, close };
}

describe('AppWindows', () => {
  it('owns the contents of windows it tracks, and no others', () => {
    const windows = new AppWindows();
    const ours = fakeWindow();
    windows.track(ours.window);
    expect(windows.owns(ours.contents)).toBe(true);
    expect(windows.owns(fakeWindow().contents)).toBe(false);
  });

  it('does not mistake other contents that reuse an id for ours', () => {
    const windows = new AppWindows();
    const ours = fakeWindow();
    windows.track(ours.window);
    const impostor = { id: (ours.contents as { id: number }).id } as unknown as WebContents;
    expect(windows.owns(impostor)).toBe(false);
  });

  it('forgets a window once it is closed', () => {
    const windows = new AppWindows();
    const ours = fakeWindow();
    windows.track(ours.window);
    ours.close();
    expect(windows.owns(ours.contents)).toBe(false);
    expect(windows.size).toBe(0);
    expect(windows.first()).toBeUndefined();
    expect(windows.openContents()).toEqual([]);
  });

  it('lists the open windows for broadcasting and focusing', () => {
    const windows = new AppWindows();
    const a = fakeWindow();
    const b = fakeWindow();
    windows.track(a.window);
    windows.track(b.window);
    expect(windows.openContents()).toEqual([a.contents, b.contents]);
    expect(windows.first()).toBe(a.window);
  });
});
