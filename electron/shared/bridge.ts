import type { CallOutcome } from './api';

/** IPC channel names between the Electron preload and main. */
export const ipcChannels = {
  call: 'zedops:call',
  event: 'zedops:event',
} as const;

/**
 * What the preload exposes as `window.zedops`: the API contract and nothing
 * else. Outcomes cross as plain values (Error objects lose their fields
 * through contextBridge); the renderer's client turns errors back into ApiError.
 */
export interface PreloadBridge {
  invoke(method: string, params: unknown): Promise<CallOutcome>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

export const preloadGlobalName = 'zedops';
