import type { BrowserWindow, IpcMainInvokeEvent, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiHandlers } from '../core/api/dispatch';
import { ChangeFeed } from '../core/change-feed';
import { silentLogger } from '../core/logger';
import type { Host } from '../shared/api';
import { ipcChannels } from '../shared/bridge';
import { appUrlOf } from './app-url';
import { AppWindows } from './app-windows';

type CallHandler = (event: IpcMainInvokeEvent, method: unknown, params: unknown) => Promise<unknown>;

const ipc = vi.hoisted(() => ({ handlers: new Map<string, unknown>() }));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: unknown) => ipc.handlers.set(channel, handler),
    removeHandler: (channel: string) => ipc.handlers.delete(channel),
  },
}));

const { wireIpcBridge } = await import('./ipc-bridge');

const appUrl = appUrlOf({ kind: 'file', path: '/app/out/renderer/index.html' });

const host: Host = {
  id: 'h1',
  name: 'This computer',
  kind: 'local',
  address: 'unix:///var/run/docker.sock',
  dataRoot: '/var/lib/zedops/servers',
  registry: null,
  status: 'online',
  lastSeen: null,
  dockerVersion: '20.10.24',
  lastError: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};

let nextId = 1;
function fakeWindow(url = appUrl) {
  const contents = { id: nextId++, send: vi.fn(), getURL: () => url, isDestroyed: () => false };
  const window = { webContents: contents, once: vi.fn(), isDestroyed: () => false };
  return { window: window as unknown as BrowserWindow, contents };
}

function fakeEvent(contents: unknown, frame: { url: string; parent: unknown } | null): IpcMainInvokeEvent {
  return { sender: contents as WebContents, senderFrame: frame } as unknown as IpcMainInvokeEvent;
}

function setup() {
  const handlers = {
    'app.info': vi.fn(() => ({ version: '0.1.0', dataDir: '/d', mode: 'desktop' as const })),
    'hosts.list': vi.fn(() => [host]),
  } satisfies Partial<ApiHandlers>;
  const feed = new ChangeFeed();
  const windows = new AppWindows();
  const ours = fakeWindow();
  windows.track(ours.window);
  const unwire = wireIpcBridge({
    handlers: handlers as unknown as ApiHandlers,
    feed,
    windows,
    appUrl,
    log: silentLogger(),
  });
  const call = ipc.handlers.get(ipcChannels.call) as CallHandler;
  const fromApp = fakeEvent(ours.contents, { url: appUrl, parent: null });
  return { handlers, feed, windows, ours, unwire, call, fromApp };
}

describe('wireIpcBridge', () => {
  beforeEach(() => ipc.handlers.clear());

  it('passes a valid call from the app page to core and returns its outcome', async () => {
    const { call, fromApp, handlers } = setup();
    await expect(call(fromApp, 'hosts.list', {})).resolves.toEqual({ ok: true, result: [host] });
    expect(handlers['hosts.list']).toHaveBeenCalledTimes(1);
  });

  it('answers params that break the contract with invalid_request, without reaching core', async () => {
    const { call, fromApp, handlers } = setup();
    const outcome = await call(fromApp, 'app.info', { extra: true });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(handlers['app.info']).not.toHaveBeenCalled();
  });

  it('answers a method name that is not a string with invalid_request', async () => {
    const { call, fromApp } = setup();
    for (const method of [undefined, 42, { toString: () => 'app.info' }]) {
      await expect(call(fromApp, method, {})).resolves.toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
  });

  it('answers a method outside the contract with unknown_method', async () => {
    const { call, fromApp } = setup();
    await expect(call(fromApp, '__proto__', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
  });

  it('refuses a call from web contents that are not an app window', async () => {
    const { call, handlers } = setup();
    const stranger = fakeWindow();
    const outcome = await call(fakeEvent(stranger.contents, { url: appUrl, parent: null }), 'hosts.list', {});
    expect(outcome).toMatchObject({ ok: false, error: { code: 'not_allowed' } });
    expect(handlers['hosts.list']).not.toHaveBeenCalled();
  });

  it('refuses a call from an iframe, a foreign page or a vanished frame in an app window', async () => {
    const { call, ours, handlers } = setup();
    const frames = [{ url: appUrl, parent: { url: appUrl } }, { url: 'https://example.com/', parent: null }, null];
    for (const frame of frames) {
      await expect(call(fakeEvent(ours.contents, frame), 'hosts.list', {})).resolves.toMatchObject({
        ok: false,
        error: { code: 'not_allowed' },
      });
    }
    expect(handlers['hosts.list']).not.toHaveBeenCalled();
  });

  it('turns a failure before core into an internal outcome, never a throw', async () => {
    const { call, ours } = setup();
    const event = { sender: ours.contents } as unknown as IpcMainInvokeEvent;
    Object.defineProperty(event, 'senderFrame', {
      get() {
        throw new Error('frame disposed');
      },
    });
    await expect(call(event, 'hosts.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('forwards change-feed events to every app window showing the app', () => {
    const { feed, windows, ours } = setup();
    const second = fakeWindow();
    const navigatedAway = fakeWindow('https://example.com/');
    windows.track(second.window);
    windows.track(navigatedAway.window);
    feed.emit('host.changed', host);
    expect(ours.contents.send).toHaveBeenCalledWith(ipcChannels.event, 'host.changed', host);
    expect(second.contents.send).toHaveBeenCalledWith(ipcChannels.event, 'host.changed', host);
    expect(navigatedAway.contents.send).not.toHaveBeenCalled();
  });

  it('unwires the call handler and the event forwarding', () => {
    const { feed, ours, unwire } = setup();
    unwire();
    expect(ipc.handlers.has(ipcChannels.call)).toBe(false);
    feed.emit('host.changed', host);
    expect(ours.contents.send).not.toHaveBeenCalled();
  });
});
