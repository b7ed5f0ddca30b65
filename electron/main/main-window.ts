import path from 'node:path';
import { BrowserWindow, shell } from 'electron';
import type { Logger } from '../core/logger';
import type { RendererLocation } from './app-url';
import type { AppWindows } from './app-windows';
import { mainWindowOptions, secureContents } from './window-options';

export interface MainWindowDeps {
  location: RendererLocation;
  appUrl: string;
  windows: AppWindows;
  /** The folder of the built main bundle (out/main). */
  mainDir: string;
  log: Logger;
}

/** Opens a ZedOps window on the app's page; it shows once it has painted. */
export function openMainWindow(deps: MainWindowDeps): BrowserWindow {
  const window = new BrowserWindow(
    mainWindowOptions({
      preloadPath: path.join(deps.mainDir, '..', 'preload', 'index.js'),
      iconPath: path.join(deps.mainDir, '..', '..', 'resources', 'icon.png'),
    }),
  );
  deps.windows.track(window);
  secureContents(window.webContents, { appUrl: deps.appUrl, openExternal: (url) => shell.openExternal(url) });
  window.once('ready-to-show', () => window.show());
  const loading =
    deps.location.kind === 'url' ? window.loadURL(deps.location.url) : window.loadFile(deps.location.path);
  loading.catch((err: unknown) => {
    deps.log.error({ err, location: deps.location }, 'the ZedOps page failed to load');
    // A page that never paints never sends ready-to-show; a visible window beats an invisible app.
    if (!window.isDestroyed()) window.show();
  });
  return window;
}
