import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { Zedops } from '../core/zedops';
import { parseFocusHash } from '../shared/focus-link';
import { desktopStateFileName } from './desktop-state';
import { fleetWatchTiming } from './fleet-watch';
import { aHost, serversOn } from './test-fleet';
import type { TrayModel } from './tray-model';

// The whole shell, composed as index.ts composes it, over the real core (a SQLite catalog in a
// temp dir) with Electron's API faked: what can be checked of the glue where Electron cannot run.

const fake = await vi.hoisted(async () => {
  // vi.hoisted runs before imports: import what it needs itself.
  const { EventEmitter: Emitter } = await import('node:events');
  const app = Object.assign(new Emitter(), {
    // As installed: start at login is offered.
    isPackaged: true,
    userData: '',
    quitCalls: 0,
    readyResolve: (() => undefined) as () => void,
    requestSingleInstanceLock: () => true,
    enableSandbox: () => undefined,
    setAppUserModelId: () => undefined,
    getPath: () => app.userData,
    getLoginItemSettings: () => ({ wasOpenedAtLogin: false }),
    setLoginItemSettings: () => undefined,
    exit: (code: number) => {
      throw new Error(`app.exit(${code})`);
    },
    quit: () => {
      app.quitCalls++;
      app.emit('before-quit');
      for (const w of [...windows]) w.close();
      app.emit('will-quit');
    },
    whenReady: () => new Promise<void>((resolve) => (app.readyResolve = resolve)),
  });
  const windows: FakeWindow[] = [];
  let nextId = 1;
  class FakeWindow extends Emitter {
    destroyed = false;
    minimized = false;
    shown = false;
    focused = 0;
    url = '';
    readonly webContents;
    constructor(readonly options: Record<string, unknown>) {
      super();
      this.webContents = Object.assign(new Emitter(), {
        id: nextId++,
        setWindowOpenHandler: () => undefined,
        isDestroyed: () => this.destroyed,
        getURL: () => this.url,
        send: () => undefined,
        loadURL: (url: string) => {
          this.url = url;
          return Promise.resolve();
        },
      });
      windows.push(this);
    }
    loadURL(url: string) {
      this.url = url;
      queueMicrotask(() => this.emit('ready-to-show'));
      return Promise.resolve();
    }
    isDestroyed = () => this.destroyed;
    isMinimized = () => this.minimized;
    restore = () => (this.minimized = false);
    show = () => (this.shown = true);
    focus = () => this.focused++;
    maximize = () => undefined;
    isMaximized = () => false;
    isFullScreen = () => false;
    getNormalBounds = () => ({ x: 40, y: 30, width: 1100, height: 700 });
    close() {
      this.emit('close', { preventDefault: () => undefined });
      this.destroyed = true;
      windows.splice(windows.indexOf(this), 1);
      this.emit('closed');
      if (windows.length === 0) app.emit('window-all-closed');
    }
  }
  const trays: Array<{ model: string[]; tooltip: string; image: unknown; destroyed: boolean; template: unknown }> = [];
  class FakeTray {
    state = { model: [] as string[], tooltip: '', image: null as unknown, destroyed: false, template: null as unknown };
    constructor(image: unknown) {
      this.state.image = image;
      trays.push(this.state);
    }
    on = () => undefined;
    setImage = (image: unknown) => (this.state.image = image);
    setToolTip = (tooltip: string) => (this.state.tooltip = tooltip);
    setContextMenu = (menu: { template: unknown }) => (this.state.template = menu.template);
    isDestroyed = () => this.state.destroyed;
    destroy = () => (this.state.destroyed = true);
  }
  const notifications: Array<{ title: string; body: string; click(): void }> = [];
  class FakeNotification extends Emitter {
    static isSupported = () => true;
    constructor(private readonly options: { title: string; body: string }) {
      super();
    }
    show() {
      notifications.push({ ...this.options, click: () => this.emit('click') });
    }
  }
  const dialogs: string[] = [];
  return { app, windows, FakeWindow, trays, FakeTray, notifications, FakeNotification, dialogs };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeWindow,
  Tray: fake.FakeTray,
  Notification: fake.FakeNotification,
  Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: () => undefined },
  nativeImage: { createFromBuffer: () => ({ addRepresentation: () => undefined }) },
  screen: {
    getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
    getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
  },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: () => undefined },
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
    },
  },
  safeStorage: {
    // A desktop session with no keyring: Electron would fall back to its public basic_text key.
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'basic_text',
    encryptString: () => {
      throw new Error('must not seal with basic_text');
    },
    decryptString: () => {
      throw new Error('no keyring');
    },
  },
  dialog: {
    showErrorBox: (title: string, text: string) => fake.dialogs.push(`${title}: ${text}`),
    showMessageBox: (options: { message: string }) => {
      fake.dialogs.push(options.message);
      return Promise.resolve({ response: 0 });
    },
  },
  shell: { openExternal: () => Promise.resolve() },
  ipcMain: { handle: () => undefined, removeHandler: () => undefined },
}));

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-shell-'));
const saved = { env: { ...process.env }, argv: process.argv };
process.env.ZEDOPS_HOME = home;
process.env.DOCKER_HOST = 'unix:///nonexistent/zedops/docker.sock';
process.env.ZEDOPS_TEST_HOOKS = '1';
process.env.ZEDOPS_LOG_LEVEL = 'silent';
process.env.XDG_CONFIG_HOME = path.join(home, 'config');
delete process.env.ZEDOPS_SECRETS;
delete process.env.ELECTRON_RENDERER_URL;
process.argv = ['zedops'];
fake.app.userData = path.join(home, 'userData');
// The same gathering of bursts, on a shorter clock.
Object.assign(fleetWatchTiming, { trayDelayMs: 10, quietMs: 100, maxWaitMs: 300 });

const { Zedops: ZedopsClass } = await import('../core/zedops');
let zedops: Zedops | undefined;
const realStart = ZedopsClass.start.bind(ZedopsClass);
vi.spyOn(ZedopsClass, 'start').mockImplementation(async (options) => (zedops = await realStart(options)));

await import('./index');

interface Hooks {
  tray(): TrayModel | null;
  run(command: unknown): void;
  windowCount(): number;
}
const hooks = () => (globalThis as unknown as { zedopsTestHooks: Hooks }).zedopsTestHooks;
const readState = () => JSON.parse(fs.readFileSync(path.join(home, desktopStateFileName), 'utf8'));

afterAll(() => {
  if (fake.app.quitCalls === 0) fake.app.quit();
  process.env = saved.env;
  process.argv = saved.argv;
  fs.rmSync(home, { recursive: true, force: true });
});

describe('the desktop shell, composed', () => {
  it('starts core on the data dir, opens the window on the app page and puts ZedOps in the tray', async () => {
    fake.app.readyResolve();
    await vi.waitFor(() => expect(hooks()?.tray()).toBeTruthy());
    expect(zedops?.handlers['app.info']({})).toMatchObject({ dataDir: home, mode: 'desktop' });
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    const window = fake.windows[0]!;
    // Beside the main bundle (out/main -> out/renderer); here, beside the sources.
    expect(window.url).toMatch(/^file:\/\/.*\/renderer\/index\.html$/);
    expect(window.options).toMatchObject({ width: 1280, height: 820 });
    await vi.waitFor(() => expect(window.shown).toBe(true));
    expect(hooks().tray()?.tooltip).toBe('ZedOps: no hosts yet');
    expect(fake.trays).toHaveLength(1);
  });

  it('warns once, in a dialog and in the tray menu, that there is no keyring, and seals with the key file', async () => {
    expect(fake.dialogs).toEqual(['No OS keyring: passwords are sealed with a key file']);
    expect(readState().keyringWarningShown).toBe(true);
    const labels = hooks()
      .tray()!
      .menu.map((i) => (i.type === 'separator' ? '---' : i.label));
    expect(labels).toContain('No OS keyring: passwords sealed with a key file…');
    const created = zedops!.fleet.seal({ adminPassword: 'hunter2' });
    expect(created.includes(Buffer.from('hunter2'))).toBe(false);
    expect(fs.existsSync(path.join(home, 'secret.key'))).toBe(true);
  });

  it('keeps running in the tray when the window closes, says so once, and remembers where the window was', async () => {
    fake.windows[0]!.close();
    expect(fake.app.quitCalls).toBe(0);
    expect(hooks().windowCount()).toBe(0);
    expect(hooks().tray()).not.toBeNull();
    expect(fake.notifications.map((n) => n.title)).toEqual(['ZedOps is still running']);
    expect(readState()).toMatchObject({
      closeHintShown: true,
      window: { x: 40, y: 30, width: 1100, height: 700, maximized: false },
    });
  });

  it('draws the fleet in the tray and tells a host’s 30 missing servers in one notification', async () => {
    const feed = zedops!.feed;
    feed.emit('host.changed', aHost('box'));
    for (const s of serversOn('box', 30)) feed.emit('server.changed', s);
    await vi.waitFor(() => expect(hooks().tray()?.tooltip).toBe('ZedOps: all fine · 30 servers on 1 host'));
    // Let the evaluation of that first burst pass: running servers are no news.
    await new Promise((r) => setTimeout(r, fleetWatchTiming.quietMs + 200));
    const before = fake.notifications.length;
    for (const s of serversOn('box', 30, { status: 'missing' })) feed.emit('server.changed', s);
    await vi.waitFor(() => expect(fake.notifications.length).toBe(before + 1), { timeout: 5000 });
    expect(fake.notifications.at(-1)?.title).toBe('box: 30 servers need attention');
    await new Promise((r) => setTimeout(r, fleetWatchTiming.quietMs + 200));
    expect(fake.notifications.length).toBe(before + 1);
    expect(hooks().tray()?.icon).toBe('tray-attention.png');
  });

  it('opens a window on the server’s card when the notification is clicked', async () => {
    fake.notifications.at(-1)!.click();
    await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
    const window = fake.windows[0]!;
    expect(parseFocusHash(new URL(window.url).hash)).toEqual({ kind: 'server', id: 'box-1' });
    // Where the last window was.
    expect(window.options).toMatchObject({ x: 40, y: 30, width: 1100, height: 700 });
  });

  it('focuses the same window, on another card, for the next click', async () => {
    const window = fake.windows[0]!;
    window.minimized = true;
    zedops!.feed.emit('server.changed', serversOn('box', 1, { status: 'failed' }, 'other')[0]!);
    await vi.waitFor(() => expect(fake.notifications.at(-1)?.title).toBe('other-1 failed'), { timeout: 5000 });
    fake.notifications.at(-1)!.click();
    expect(fake.windows).toHaveLength(1);
    expect(window.minimized).toBe(false);
    expect(window.focused).toBeGreaterThan(0);
    expect(parseFocusHash(new URL(window.webContents.getURL()).hash)).toEqual({
      kind: 'server',
      id: 'other-1',
    });
  });

  it('brings the window forward when ZedOps is launched a second time', () => {
    const window = fake.windows[0]!;
    const focused = window.focused;
    fake.app.emit('second-instance');
    expect(fake.windows).toHaveLength(1);
    expect(window.focused).toBe(focused + 1);
  });

  it('turns start at login on and off from the tray, remembering it', async () => {
    const checkbox = () =>
      hooks()
        .tray()!
        .menu.find((i) => i.type === 'checkbox');
    expect(checkbox()).toMatchObject({ label: 'Start at login', checked: false, enabled: true });
    const entry = path.join(home, 'config', 'autostart', 'zedops.desktop');
    hooks().run({ kind: 'toggle-open-at-login' });
    expect(fs.readFileSync(entry, 'utf8')).toContain(`Exec=${process.execPath} --hidden --home ${home}\n`);
    expect(readState().openAtLogin).toBe(true);
    expect(checkbox()).toMatchObject({ checked: true });
    hooks().run({ kind: 'toggle-open-at-login' });
    expect(fs.existsSync(entry)).toBe(false);
    expect(readState().openAtLogin).toBe(false);
  });

  it('quits from the tray: the window closes, core shuts down, the tray goes', () => {
    hooks().run({ kind: 'quit' });
    expect(fake.app.quitCalls).toBe(1);
    expect(fake.windows).toHaveLength(0);
    expect(fake.trays[0]?.destroyed).toBe(true);
    expect(() => zedops!.catalog.hosts.list()).toThrow();
    // The close that came with quitting is no reason for the tray hint.
    expect(fake.notifications.filter((n) => n.title === 'ZedOps is still running')).toHaveLength(1);
  });
});
