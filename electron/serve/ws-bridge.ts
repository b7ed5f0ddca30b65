import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { apiEvents, type EventName } from '../shared/api';
import { clientMessageSchema, closeCodes, type ServerMessage } from '../shared/wire';
import { dispatch, describeIssues } from '../core/api/dispatch';
import type { Zedops } from '../core/zedops';
import type { Logger } from '../core/logger';
import { tokensMatch } from './token';

export const apiPath = '/api';
const helloTimeoutMs = 10_000;
const maxMessageBytes = 1024 * 1024;

export interface WsBridgeOptions {
  zedops: Zedops;
  token: string;
  version: string;
  log: Logger;
}

/**
 * Carries the API contract over WebSocket. A socket must say hello with the
 * token before anything else; then it may call methods and receives every
 * change-feed event.
 */
export class WsBridge {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });

  constructor(private readonly options: WsBridgeOptions) {
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  get clientCount(): number {
    return this.wss.clients.size;
  }

  close(): void {
    for (const client of this.wss.clients) client.close(closeCodes.shuttingDown, 'ZedOps is shutting down');
    this.wss.close();
  }

  private onConnection(socket: WebSocket): void {
    const { zedops, token, version, log } = this.options;
    let unsubscribe: (() => void) | undefined;
    const helloTimer = setTimeout(
      () => socket.close(closeCodes.unauthorized, 'No hello with a token was received'),
      helloTimeoutMs,
    );
    const send = (message: ServerMessage) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };

    socket.on('close', () => {
      clearTimeout(helloTimer);
      unsubscribe?.();
    });
    socket.on('error', (err) => log.warn({ err }, 'browser socket error'));

    socket.on('message', (data: RawData, isBinary: boolean) => {
      const parsed = parseClientMessage(data, isBinary);
      if (!parsed.ok) {
        send({ type: 'error', id: null, error: { code: 'invalid_request', message: parsed.message } });
        if (!unsubscribe) socket.close(closeCodes.protocolError, 'Invalid message');
        return;
      }
      const message = parsed.message;
      if (message.type === 'hello') {
        if (unsubscribe) return;
        if (!tokensMatch(token, message.token)) {
          send({
            type: 'error',
            id: null,
            error: { code: 'not_allowed', message: 'The token is wrong. Open the URL that `zedops serve` printed.' },
          });
          socket.close(closeCodes.unauthorized, 'Wrong token');
          return;
        }
        clearTimeout(helloTimer);
        unsubscribe = zedops.feed.subscribeAll(
          (event, payload) => send({ type: 'event', event, payload }),
          Object.keys(apiEvents) as EventName[],
        );
        send({ type: 'welcome', version });
        return;
      }
      if (!unsubscribe) {
        socket.close(closeCodes.unauthorized, 'Say hello with the token first');
        return;
      }
      void dispatch(zedops.handlers, message.method, message.params, log).then((outcome) =>
        send(
          outcome.ok
            ? { type: 'result', id: message.id, result: outcome.result }
            : { type: 'error', id: message.id, error: outcome.error },
        ),
      );
    });
  }
}

type Parsed = { ok: true; message: ReturnType<typeof clientMessageSchema.parse> } | { ok: false; message: string };

function parseClientMessage(data: RawData, isBinary: boolean): Parsed {
  if (isBinary) return { ok: false, message: 'Messages must be JSON text, not binary.' };
  let json: unknown;
  try {
    json = JSON.parse(data.toString());
  } catch {
    return { ok: false, message: 'The message is not valid JSON.' };
  }
  const result = clientMessageSchema.safeParse(json);
  return result.success
    ? { ok: true, message: result.data }
    : { ok: false, message: `Malformed message: ${describeIssues(result.error)}.` };
}
