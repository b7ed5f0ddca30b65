import type { BrowserWindowConstructorOptions, WebContents } from 'electron';
import { isAppUrl, isWebLink } from './app-url';
import type { Rect } from './window-bounds';

export interface MainWindowInputs {
  preloadPath: string;
  iconPath?: string;
  /** Where the window was last time (see restoreWindow); centred at the default size without it. */
  bounds?: Rect | null;
}

export const mainWindowMinSize = { minWidth: 880, minHeight: 560 };

/**
 * The main window: the page is an untrusted web page that can only reach the
 * preload's `window.zedops` bridge. Every flag is spelled out, defaults
 * included, so a reader (and a test) sees the whole security posture.
 */
export function mainWindowOptions(inputs: MainWindowInputs): BrowserWindowConstructorOptions {
  return {
    title: 'ZedOps',
    width: 1280,
    height: 820,
    ...mainWindowMinSize,
    ...(inputs.bounds ?? {}),
    show: false,
    backgroundColor: '#161a16',
    ...(inputs.iconPath ? { icon: inputs.iconPath } : {}),
    webPreferences: {
      preload: inputs.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  };
}

export interface SecureContentsOptions {
  /** The app's own page (see appUrlOf). */
  appUrl: string;
  /** `shell.openExternal`: where web links go instead of a new app window. */
  openExternal: (url: string) => Promise<void>;
}

/**
 * Keeps a window on the app's own page: no new windows (web links open in
 * the OS browser), no navigation elsewhere, no <webview>.
 */
export function secureContents(contents: WebContents, options: SecureContentsOptions): void {
  const openOutside = (url: string): void => {
    if (isWebLink(url)) void options.openExternal(url).catch(() => undefined);
  };
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, options.appUrl)) return;
    event.preventDefault();
    openOutside(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, options.appUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
