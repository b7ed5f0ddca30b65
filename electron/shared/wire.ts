import { z } from 'zod';
import { apiErrorSchema } from './api';

/**
 * Messages of the WebSocket bridge (browser mode). The first message a client
 * sends is `hello` with the token; nothing else is answered before it.
 */
export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().min(1).max(512) }),
  z.object({
    type: z.literal('call'),
    id: z.number().int().nonnegative(),
    method: z.string().min(1).max(100),
    params: z.unknown(),
  }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export const serverMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('welcome'), version: z.string() }),
  z.object({ type: z.literal('result'), id: z.number().int(), result: z.unknown() }),
  z.object({ type: z.literal('error'), id: z.number().int().nullable(), error: apiErrorSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof serverMessageSchema>;

/** WebSocket close codes used by the bridge. */
export const closeCodes = { unauthorized: 4401, protocolError: 4400, shuttingDown: 1001 } as const;
