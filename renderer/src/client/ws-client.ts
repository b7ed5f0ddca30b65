import {
  ApiError,
  type MethodName,
  type MethodParams,
  type MethodResult,
  type ZedopsClient,
} from '../../../electron/shared/api';
import { closeCodes, serverMessageSchema, type ClientMessage } from '../../../electron/shared/wire';
import { Listeners } from './listeners';

export type ConnectionState = 'connecting' | 'ready' | 'reconnecting' | 'unauthorized';

export interface WsClient extends ZedopsClient {
  onState(listener: (state: ConnectionState) => void): () => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

/**
 * The client in browser mode: the API contract over one WebSocket, which
 * says hello with the token first and reconnects with backoff when dropped.
 *
 * One socket at a time, always: answers and events are only in order within
 * one socket, and the stores count on that order (a list answer is never
 * older than the events that came before it). A second socket would also get
 * every event, and its events could overtake the first one's answers.
 */
export function createWsClient(url: string, token: string): WsClient {
  let socket: WebSocket | undefined;
  /** The connection, being made or made; undefined only between a drop and the next attempt. */
  let ready: Promise<WebSocket> | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let nextId = 1;
  let attempt = 0;
  let state: ConnectionState = 'connecting';
  const pending = new Map<number, Pending>();
  const eventListeners = new Listeners();
  const stateListeners = new Set<(s: ConnectionState) => void>();

  const setState = (s: ConnectionState) => {
    state = s;
    stateListeners.forEach((l) => l(s));
  };

  /** The one connection: the current attempt, or a new one at once (the backoff wait is cut short). */
  const open = (): Promise<WebSocket> => {
    if (ready) return ready;
    clearTimeout(retryTimer);
    retryTimer = undefined;
    ready = connect();
    ready.catch(() => undefined);
    return ready;
  };

  const connect = (): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      socket = ws;
      ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', token } satisfies ClientMessage));
      ws.onmessage = (e) => {
        // Never act on a socket that is no longer the one (there should be none; this keeps it so).
        if (ws !== socket) return;
        const parsed = serverMessageSchema.safeParse(JSON.parse(String(e.data)));
        if (!parsed.success) return;
        const msg = parsed.data;
        if (msg.type === 'welcome') {
          attempt = 0;
          setState('ready');
          resolve(ws);
        } else if (msg.type === 'event') {
          eventListeners.emit(msg.event, msg.payload);
        } else if (msg.id !== null) {
          const p = pending.get(msg.id);
          pending.delete(msg.id);
          if (msg.type === 'result') p?.resolve(msg.result);
          else p?.reject(new ApiError(msg.error.code, msg.error.message));
        }
      };
      ws.onclose = (e) => {
        if (ws !== socket) return;
        for (const p of pending.values()) p.reject(new Error('The connection to ZedOps was lost; try again.'));
        pending.clear();
        ready = undefined;
        if (e.code === closeCodes.unauthorized) {
          setState('unauthorized');
          reject(
            new ApiError('not_allowed', 'The token is missing or wrong. Open the URL that "zedops serve" printed.'),
          );
          return;
        }
        setState('reconnecting');
        reject(new Error('Not connected to ZedOps.'));
        const delay = Math.min(10_000, 250 * 2 ** attempt++);
        retryTimer = setTimeout(() => {
          retryTimer = undefined;
          void open();
        }, delay);
      };
    });

  if (token) {
    void open();
  } else {
    // Without a token the server would only hang up; say so instead of retrying forever.
    state = 'unauthorized';
  }

  return {
    async call<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
      if (state === 'unauthorized')
        throw new ApiError('not_allowed', 'The token is missing or wrong. Open the URL that "zedops serve" printed.');
      const ws = socket?.readyState === WebSocket.OPEN && state === 'ready' ? socket : await open();
      const id = nextId++;
      return new Promise<MethodResult<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'call', id, method, params } satisfies ClientMessage));
      });
    },
    subscribe: (event, listener) => eventListeners.add(event, listener),
    onState(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => stateListeners.delete(listener);
    },
  };
}
