import {
  ApiError,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type ZedopsClient,
} from '../../../electron/shared/api';
import type { PreloadBridge } from '../../../electron/shared/bridge';
import { Listeners } from './listeners';

/** The client inside the desktop app: calls go through the preload bridge. */
export function createIpcClient(bridge: PreloadBridge): ZedopsClient {
  const listeners = new Listeners();
  bridge.subscribe((event, payload) => listeners.emit(event, payload));
  return {
    async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
      const outcome = await bridge.invoke(method, params);
      if (!outcome.ok) throw new ApiError(outcome.error.code, outcome.error.message);
      return outcome.result as MethodResult<M>;
    },
    subscribe: (event, listener) => listeners.add(event, listener),
  };
}
