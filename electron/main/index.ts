import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app, dialog, Menu, safeStorage, session } from 'electron';
import { dispatch } from '../core/api/dispatch';
import { createLogger } from '../core/logger';
import { Zedops } from '../core/zedops';
import { contentSecurityPolicy } from '../shared/content-security-policy';
import type { FocusTarget } from '../shared/focus-link';
import { appMenuTemplate } from './app-menu';
import { appUrlOf, rendererLocation } from './app-url';
import { AppWindows } from './app-windows';
import { desktopDataDir } from './desktop-data-dir';
import { DesktopNotifier } from './desktop-notifier';
import { DesktopStateFile } from './desktop-state';
import { DesktopTray } from './desktop-tray';
import { FleetWatch } from './fleet-watch';
import { wireIpcBridge } from './ipc-bridge';
import { applyOpenAtLogin, loginItemUnavailable, startsHidden } from './login-item';
import { openMainWindow, revealWindow } from './main-window';
import { resourceImage } from './resource-image';
import { DesktopSecretCipher, chooseSecretStore, keyringWarning } from './safe-storage-cipher';
import { secureSession } from './secure-session';
import { closeToTrayHint, runTrayCommand } from './tray-commands';
import { trayModel, type TrayCommand, type TrayPrefs } from './tray-model';

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
  // Windows shows notifications only for an app with this id (electron-builder.yml's appId).
  if (process.platform === 'win32') app.setAppUserModelId('app.zedops.desktop');
  const windows = new AppWindows();
  const location = rendererLocation({
    isPackaged: app.isPackaged,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    mainDir: __dirname,
  });
  const appUrl = appUrlOf(location);
  const resourcesDir = path.join(__dirname, '..', '..', 'resources');
  let zedops: Zedops | undefined;
  let state: DesktopStateFile | undefined;
  let tray: DesktopTray | undefined;
  let fleetWatch: FleetWatch | undefined;
  let notifier: DesktopNotifier | undefined;
  let unwireBridge: (() => void) | undefined;
  let quitting = false;

  const showWindow = (target: FocusTarget | null = null): void => {
    if (!zedops || !state) return;
    const window = windows.first();
    if (window) revealWindow(window, { appUrl, log }, target);
    else openMainWindow({ location, appUrl, windows, mainDir: __dirname, log, state }, target);
  };

  app.on('second-instance', () => showWindow());
  // macOS: a click on the dock icon with no window open.
  app.on('activate', () => {
    if (windows.size === 0) showWindow();
  });

  // Closing the last window leaves ZedOps in the tray, watching; Quit (tray, app menu) ends it.
  app.on('window-all-closed', () => {
    if (!state) return;
    const hint = closeToTrayHint({ quitting, hintShown: state.get().closeHintShown });
    if (hint && notifier) {
      notifier.show(hint);
      state.update({ closeHintShown: true });
    }
  });

  app.on('before-quit', () => {
    quitting = true;
  });

  app.on('will-quit', () => {
    quitting = true;
    fleetWatch?.stop();
    tray?.destroy();
    unwireBridge?.();
    zedops?.close();
    zedops = undefined;
  });

  void app.whenReady().then(async () => {
    secureSession(
      session.defaultSession,
      contentSecurityPolicy(location.kind === 'url' ? { devServerUrl: location.url } : {}),
    );
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, isPackaged: app.isPackaged })),
    );
    const userData = app.getPath('userData');
    const dataDir = desktopDataDir({ argv: process.argv, env: process.env, userData });
    const desktopState = DesktopStateFile.open(dataDir, log);
    const secretStore = chooseSecretStore({ platform: process.platform, safeStorage, env: process.env });
    const warning = keyringWarning(secretStore, dataDir);
    try {
      zedops = await Zedops.start({
        dataDir,
        mode: 'desktop',
        logger: log,
        cipher: new DesktopSecretCipher(secretStore, safeStorage, dataDir),
      });
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
    const core = zedops;
    state = desktopState;
    log.info(
      { secrets: secretStore },
      'secrets are sealed with %s',
      secretStore.seal === 'keyring' ? secretStore.keyring : 'the key file',
    );
    const explainSecrets = () => {
      if (warning)
        void dialog.showMessageBox({ type: 'warning', title: 'ZedOps', message: warning.title, detail: warning.text });
    };
    if (warning) {
      log.warn({ secrets: secretStore }, warning.title);
      if (!desktopState.get().keyringWarningShown) {
        explainSecrets();
        desktopState.update({ keyringWarningShown: true });
      }
    }

    core.startBackgroundWork();
    unwireBridge = wireIpcBridge({ handlers: core.handlers, feed: core.feed, windows, appUrl, log });

    const customDataDir = dataDir === userData ? null : dataDir;
    const prefs = (): TrayPrefs => ({
      openAtLogin: desktopState.get().openAtLogin,
      loginItemUnavailable: loginItemUnavailable({ isPackaged: app.isPackaged, platform: process.platform }),
      secretsWarning: warning?.menuLine ?? null,
    });
    const toggleOpenAtLogin = () => {
      const enabled = !desktopState.get().openAtLogin;
      try {
        applyOpenAtLogin(enabled, customDataDir, {
          platform: process.platform,
          execPath: process.execPath,
          env: process.env,
          homedir: os.homedir(),
          setLoginItemSettings: (settings) => app.setLoginItemSettings(settings),
          writeFile: (file, text) => {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, text);
          },
          removeFile: (file) => fs.rmSync(file, { force: true }),
        });
        desktopState.update({ openAtLogin: enabled });
      } catch (err) {
        log.error({ err }, 'could not change start at login');
        const reason = err instanceof Error ? err.message : String(err);
        dialog.showErrorBox(
          'Start at login',
          `ZedOps could not ${enabled ? 'add itself to' : 'remove itself from'} the login items: ${reason}`,
        );
      }
      // Electron ticks a checkbox item by itself on click: redraw from the state, whatever happened.
      redrawTray(true);
    };

    notifier = new DesktopNotifier({
      icon: resourceImage(resourcesDir, 'icon.png'),
      onClick: (target) => showWindow(target),
      log,
    });
    const shownNotifier = notifier;
    const runCommand = (command: TrayCommand): void => {
      void runTrayCommand(command, {
        showWindow,
        quit: () => app.quit(),
        toggleOpenAtLogin,
        explainSecrets,
        call: (method, params) => dispatch(core.handlers, method, params, log),
        notify: (notice) => shownNotifier.show(notice),
      }).catch((err: unknown) => log.error({ err, command }, 'a tray command failed'));
    };

    const watch = new FleetWatch({
      handlers: core.handlers,
      feed: core.feed,
      onFleet: (fleet) => tray?.show(trayModel(fleet, prefs())),
      onNotices: (notices) => notices.forEach((notice) => shownNotifier.show(notice)),
    });
    fleetWatch = watch;
    const redrawTray = (force = false) => tray?.show(trayModel(watch.snapshot(), prefs()), force);
    tray = new DesktopTray(trayModel(watch.snapshot(), prefs()), {
      platform: process.platform,
      image: (file) => resourceImage(resourcesDir, file),
      run: runCommand,
    });
    try {
      await watch.start();
    } catch (err) {
      log.error({ err }, 'the tray could not read the fleet');
    }

    if (process.env.ZEDOPS_TEST_HOOKS === '1') {
      // For the Electron smoke test only (e2e/electron.spec.ts): the tray cannot be read through Electron's API.
      Object.assign(globalThis, {
        zedopsTestHooks: { tray: () => tray?.current() ?? null, run: runCommand, windowCount: () => windows.size },
      });
    }

    const wasOpenedAtLogin = process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
    if (!startsHidden({ argv: process.argv, wasOpenedAtLogin })) showWindow();
  });
}
