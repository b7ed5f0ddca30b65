import path from 'node:path';
import { BrowserWindow, screen, shell } from 'electron';
import type { Logger } from '../core/logger';
import type { FocusTarget } from '../shared/focus-link';
import { focusUrl, type RendererLocation } from './app-url';
import type { AppWindows } from './app-windows';
import type { DesktopStateFile } from './desktop-state';
import { restoreWindow, type Rect } from './window-bounds';
import { mainWindowMinSize, mainWindowOptions, secureContents } from './window-options';

export interface MainWindowDeps {
  location: RendererLocation;
  appUrl: string;
  windows: AppWindows;
  /** The folder of the built main bundle (out/main). */
  mainDir: string;
  log: Logger;
  state: DesktopStateFile;
}

/** A moment after the last move or resize, the window's place is saved (a crash then loses little). */
const saveDelayMs = 1000;

/**
 * Opens a ZedOps window on the app's page, where it was last time; it shows
 * once it has painted. With a target, the page focuses that card.
 */
export function openMainWindow(deps: MainWindowDeps, target: FocusTarget | null = null): BrowserWindow {
  const restored = restoreWindow({ saved: deps.state.get().window, workAreas: workAreas(), ...mainWindowMinSize });
  const window = new BrowserWindow(
    mainWindowOptions({
      preloadPath: path.join(deps.mainDir, '..', 'preload', 'index.js'),
      iconPath: path.join(deps.mainDir, '..', '..', 'resources', 'icon.png'),
      bounds: restored.bounds,
    }),
  );
  deps.windows.track(window);
  secureContents(window.webContents, { appUrl: deps.appUrl, openExternal: (url) => shell.openExternal(url) });
  rememberPlace(window, deps.state);
  window.once('ready-to-show', () => {
    if (restored.maximized) window.maximize();
    window.show();
  });
  const loading = window.loadURL(target ? focusUrl(deps.appUrl, target) : deps.appUrl);
  loading.catch((err: unknown) => {
    deps.log.error({ err, location: deps.location }, 'the ZedOps page failed to load');
    // A page that never paints never sends ready-to-show; a visible window beats an invisible app.
    if (!window.isDestroyed()) window.show();
  });
  return window;
}

/** Brings a window forward and, with a target, has its page focus that card (a same-page hash change, no reload). */
export function revealWindow(
  window: BrowserWindow,
  deps: Pick<MainWindowDeps, 'appUrl' | 'log'>,
  target: FocusTarget | null,
): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  if (target) {
    window.webContents.loadURL(focusUrl(deps.appUrl, target)).catch((err: unknown) => {
      deps.log.warn({ err, target }, 'could not focus the card');
    });
  }
}

/** Each display's work area, the primary one first. */
function workAreas(): Rect[] {
  const primary = screen.getPrimaryDisplay();
  return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
}

function rememberPlace(window: BrowserWindow, state: DesktopStateFile): void {
  let timer: NodeJS.Timeout | undefined;
  const save = () => {
    clearTimeout(timer);
    if (window.isDestroyed()) return;
    state.update({ window: { ...window.getNormalBounds(), maximized: window.isMaximized() || window.isFullScreen() } });
  };
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(save, saveDelayMs);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', save);
  window.once('closed', () => clearTimeout(timer));
}
