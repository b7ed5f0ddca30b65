import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannels, preloadGlobalName, type PreloadBridge } from '../shared/bridge';

const electron = vi.hoisted(() => ({
  exposeInMainWorld: vi.fn(),
  invoke: vi.fn(),
  on: vi.fn(),
  removeListener: vi.fn(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: electron.exposeInMainWorld },
  ipcRenderer: { invoke: electron.invoke, on: electron.on, removeListener: electron.removeListener },
}));

async function loadPreload(): Promise<PreloadBridge> {
  vi.resetModules();
  await import('./index');
  return electron.exposeInMainWorld.mock.calls[0]?.[1] as PreloadBridge;
}

describe('preload', () => {
  beforeEach(() => vi.clearAllMocks());

  it('exposes exactly one global, holding exactly invoke and subscribe', async () => {
    const bridge = await loadPreload();
    expect(electron.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(electron.exposeInMainWorld.mock.calls[0]?.[0]).toBe(preloadGlobalName);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('sends a call over the call channel and returns the outcome as is', async () => {
    const bridge = await loadPreload();
    const outcome = { ok: true, result: [] };
    electron.invoke.mockResolvedValueOnce(outcome);
    await expect(bridge.invoke('hosts.list', {})).resolves.toBe(outcome);
    expect(electron.invoke).toHaveBeenCalledWith(ipcChannels.call, 'hosts.list', {});
  });

  it('hands events to the listener without the IPC event object', async () => {
    const bridge = await loadPreload();
    const listener = vi.fn();
    bridge.subscribe(listener);
    expect(electron.on).toHaveBeenCalledWith(ipcChannels.event, expect.any(Function));
    const forward = electron.on.mock.calls[0]?.[1] as (event: unknown, name: string, payload: unknown) => void;
    forward({ sender: 'ipc internals' }, 'host.changed', { id: 'h1' });
    expect(listener).toHaveBeenCalledWith('host.changed', { id: 'h1' });
  });

  it('removes exactly its own ipcRenderer listener on unsubscribe', async () => {
    const bridge = await loadPreload();
    const unsubscribe = bridge.subscribe(vi.fn());
    const forward = electron.on.mock.calls[0]?.[1];
    unsubscribe();
    expect(electron.removeListener).toHaveBeenCalledWith(ipcChannels.event, forward);
  });
});
