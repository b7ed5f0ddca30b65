import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannels, preloadGlobalName, type PreloadBridge } from '../shared/bridge';

// Runs sandboxed: only 'electron' may be required at runtime; everything
// else from shared must be constants or types that the bundler inlines.
const bridge: PreloadBridge = {
  invoke: (method, params) => ipcRenderer.invoke(ipcChannels.call, method, params),
  subscribe(listener) {
    const forward = (_event: IpcRendererEvent, name: string, payload: unknown) => listener(name, payload);
    ipcRenderer.on(ipcChannels.event, forward);
    return () => {
      ipcRenderer.removeListener(ipcChannels.event, forward);
    };
  },
};

contextBridge.exposeInMainWorld(preloadGlobalName, bridge);
