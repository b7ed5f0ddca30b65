// Source RCON wire format: int32 LE size, int32 LE id, int32 LE type, a
// NUL-terminated body and one pad byte. `size` counts everything after itself.

export const RconPacketType = {
  ResponseValue: 0,
  ExecCommand: 2,
  AuthResponse: 2,
  Auth: 3,
} as const;

export interface RconPacket {
  id: number;
  type: number;
  body: string;
}

const HEADER_BYTES = 4;
/** id + type + body terminator + pad byte. */
const MIN_SIZE = 10;
/**
 * Project Zomboid sends a whole response in one packet, however long, so the
 * limit is far above Source's 4096; it only guards against reading garbage.
 */
export const MAX_RCON_PACKET_SIZE = 4 * 1024 * 1024;

export class RconProtocolError extends Error {
  override name = 'RconProtocolError';
}

export function encodeRconPacket(packet: RconPacket): Buffer {
  const body = Buffer.from(packet.body, 'utf8');
  const size = MIN_SIZE + body.length;
  const buffer = Buffer.alloc(HEADER_BYTES + size);
  buffer.writeInt32LE(size, 0);
  buffer.writeInt32LE(packet.id, 4);
  buffer.writeInt32LE(packet.type, 8);
  body.copy(buffer, 12);
  return buffer;
}

/**
 * Turns a byte stream into packets. A chunk may hold several packets or only
 * part of one; bytes of an unfinished packet wait for the next chunk.
 */
export class RconPacketDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): RconPacket[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const packets: RconPacket[] = [];
    let offset = 0;
    while (this.pending.length - offset >= HEADER_BYTES) {
      const size = this.pending.readInt32LE(offset);
      if (size < MIN_SIZE || size > MAX_RCON_PACKET_SIZE) {
        throw new RconProtocolError(
          `Received an RCON packet claiming ${size} bytes (expected ${MIN_SIZE} to ${MAX_RCON_PACKET_SIZE}); ` +
            'the port is probably not an RCON port.',
        );
      }
      const end = offset + HEADER_BYTES + size;
      if (end > this.pending.length) break;
      packets.push(decodePacketAt(this.pending, offset, end));
      offset = end;
    }
    this.pending = this.pending.subarray(offset);
    return packets;
  }

  /** Bytes of a packet that has started but not finished arriving. */
  get bufferedBytes(): number {
    return this.pending.length;
  }
}

function decodePacketAt(buffer: Buffer, start: number, end: number): RconPacket {
  const id = buffer.readInt32LE(start + 4);
  const type = buffer.readInt32LE(start + 8);
  let bodyEnd = end;
  // Strip the terminator and pad byte; servers differ in how many NULs they send.
  while (bodyEnd > start + 12 && buffer[bodyEnd - 1] === 0) bodyEnd--;
  return { id, type, body: buffer.toString('utf8', start + 12, bodyEnd) };
}
