import { app, dialog, session } from 'electron';
import { createLogger } from '../core/logger';
import { Zedops } from '../core/zedops';
import { appUrlOf, rendererLocation } from './app-url';
import { AppWindows } from './app-windows';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import { desktopDataDir } from './desktop-data-dir';
import { wireIpcBridge } from './ipc-bridge';
import { openMainWindow } from './main-window';
import { secureSession } from './secure-session';

const log = createLogger('desktop');

// One ZedOps per user: a second launch hands over to the first and quits.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  // Every renderer sandboxed, whatever a window's options say.
  app.enableSandbox();
  const windows = new AppWindows();
  const location = rendererLocation({
    isPackaged: app.isPackaged,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    mainDir: __dirname,
  });
  const appUrl = appUrlOf(location);
  const openWindow = () => openMainWindow({ location, appUrl, windows, mainDir: __dirname, log });
  let zedops: Zedops | undefined;
  let unwireBridge: (() => void) | undefined;
  let quitting = false;

  app.on('second-instance', () => {
    const window = windows.first();
    if (!window) {
      if (zedops) openWindow();
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  // macOS convention: the app stays in the dock with no window open.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (zedops && windows.size === 0) openWindow();
  });

  app.on('will-quit', () => {
    quitting = true;
    unwireBridge?.();
    zedops?.close();
    zedops = undefined;
  });

  void app.whenReady().then(async () => {
    secureSession(
      session.defaultSession,
      contentSecurityPolicy(location.kind === 'url' ? { devServerUrl: location.url } : {}),
    );
    const dataDir = desktopDataDir({ argv: process.argv, env: process.env, userData: app.getPath('userData') });
    try {
      zedops = await Zedops.start({ dataDir, mode: 'desktop', logger: log });
    } catch (err) {
      log.error({ err, dataDir }, 'ZedOps core failed to start');
      const reason = err instanceof Error ? err.message : String(err);
      dialog.showErrorBox('ZedOps could not start', `${reason}\n\nData folder: ${dataDir}`);
      app.exit(1);
      return;
    }
    // Quit may have come while core was starting; will-quit has run already.
    if (quitting) {
      zedops.close();
      return;
    }
    zedops.startBackgroundWork();
    unwireBridge = wireIpcBridge({ handlers: zedops.handlers, feed: zedops.feed, windows, appUrl, log });
    openWindow();
  });
}
