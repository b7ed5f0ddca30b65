import type { ZedopsClient } from '../../../electron/shared/api';
import { preloadGlobalName, type PreloadBridge } from '../../../electron/shared/bridge';
import { createIpcClient } from './ipc-client';
import { createWsClient, type ConnectionState } from './ws-client';

export interface PickedClient {
  client: ZedopsClient;
  transport: 'desktop' | 'browser';
  onState(listener: (state: ConnectionState) => void): () => void;
}

const tokenKey = 'zedops.token';

/** Reads the token from `#token=...` once, keeps it for this tab, and takes it out of the address bar. */
export function takeToken(location: Location, history: History, storage: Storage): string {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match?.[1]) {
    storage.setItem(tokenKey, decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return storage.getItem(tokenKey) ?? '';
}

/** Desktop: the preload bridge. Browser: a WebSocket to the server that served this page. */
export function pickClient(): PickedClient {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[preloadGlobalName];
  if (bridge) {
    return { client: createIpcClient(bridge), transport: 'desktop', onState: (l) => (l('ready'), () => undefined) };
  }
  const token = takeToken(window.location, window.history, window.sessionStorage);
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = createWsClient(`${scheme}://${window.location.host}/api`, token);
  return { client: ws, transport: 'browser', onState: ws.onState };
}
