import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { apiEvents, type CallOutcome, type EventName } from '../shared/api';
import { ipcChannels } from '../shared/bridge';
import { dispatch, type ApiHandlers } from '../core/api/dispatch';
import type { ChangeFeed } from '../core/change-feed';
import type { Logger } from '../core/logger';
import { isAppUrl } from './app-url';
import type { AppWindows } from './app-windows';
import { isTrustedSender, type SenderFacts } from './trusted-sender';

export interface IpcBridgeOptions {
  handlers: ApiHandlers;
  feed: ChangeFeed;
  windows: AppWindows;
  appUrl: string;
  log: Logger;
}

const eventNames = Object.keys(apiEvents) as EventName[];

const refused: CallOutcome = {
  ok: false,
  error: { code: 'not_allowed', message: 'This page is not ZedOps, so it may not call the ZedOps API.' },
};

/**
 * Carries the API contract over Electron IPC: calls from the app's own page
 * go to core's `dispatch`, and every change-feed event goes to every app
 * window. Returns a function that unwires both.
 */
export function wireIpcBridge(options: IpcBridgeOptions): () => void {
  ipcMain.handle(ipcChannels.call, (event, method: unknown, params: unknown) =>
    handleCall(options, event, method, params),
  );
  const unsubscribe = options.feed.subscribeAll((event, payload) => {
    for (const contents of options.windows.openContents()) {
      if (isAppUrl(contents.getURL(), options.appUrl)) contents.send(ipcChannels.event, event, payload);
    }
  }, eventNames);
  return () => {
    ipcMain.removeHandler(ipcChannels.call);
    unsubscribe();
  };
}

async function handleCall(
  options: IpcBridgeOptions,
  event: IpcMainInvokeEvent,
  method: unknown,
  params: unknown,
): Promise<CallOutcome> {
  try {
    if (!isTrustedSender(senderFacts(event, options.windows), options.appUrl)) {
      options.log.warn({ url: event.senderFrame?.url ?? null }, 'refused an API call from a page that is not ZedOps');
      return refused;
    }
    if (typeof method !== 'string') {
      return {
        ok: false,
        error: { code: 'invalid_request', message: 'Invalid request: the method name must be a string.' },
      };
    }
    return await dispatch(options.handlers, method, params, options.log);
  } catch (err) {
    options.log.error({ err }, 'IPC call failed before reaching core');
    return { ok: false, error: { code: 'internal', message: 'The call could not be delivered to ZedOps core.' } };
  }
}

function senderFacts(event: IpcMainInvokeEvent, windows: AppWindows): SenderFacts {
  const frame = event.senderFrame;
  return {
    frameUrl: frame ? frame.url : null,
    isMainFrame: frame !== null && frame.parent === null,
    fromAppWindow: windows.owns(event.sender),
  };
}
