import {
  ApiError,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type ZedopsClient,
} from '../../../electron/shared/api';
import type { PreloadBridge } from '../../../electron/shared/bridge';

/** The client inside the desktop app: calls go through the preload bridge. */
export function createIpcClient(bridge: PreloadBridge): ZedopsClient {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  bridge.subscribe((event, payload) => listeners.get(event)?.forEach((l) => l(payload)));
  return {
    async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
      const outcome = await bridge.invoke(method, params);
      if (!outcome.ok) throw new ApiError(outcome.error.code, outcome.error.message);
      return outcome.result as MethodResult<M>;
    },
    subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
