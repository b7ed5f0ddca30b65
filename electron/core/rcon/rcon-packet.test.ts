import { describe, expect, it } from 'vitest';
import {
  MAX_RCON_PACKET_SIZE,
  RconPacketDecoder,
  RconPacketType,
  RconProtocolError,
  encodeRconPacket,
  type RconPacket,
} from './rcon-packet';

const players: RconPacket = { id: 7, type: RconPacketType.ExecCommand, body: 'players' };

describe('encodeRconPacket', () => {
  it('writes size, id and type as little-endian int32 followed by the body, a NUL and a pad byte', () => {
    const bytes = encodeRconPacket(players);
    expect(bytes.length).toBe(4 + 4 + 4 + 'players'.length + 2);
    expect(bytes.readInt32LE(0)).toBe(bytes.length - 4);
    expect(bytes.readInt32LE(4)).toBe(7);
    expect(bytes.readInt32LE(8)).toBe(2);
    expect(bytes.toString('utf8', 12, 19)).toBe('players');
    expect([...bytes.subarray(19)]).toEqual([0, 0]);
  });

  it('encodes an empty body as a 10-byte packet', () => {
    const bytes = encodeRconPacket({ id: -1, type: RconPacketType.AuthResponse, body: '' });
    expect(bytes.readInt32LE(0)).toBe(10);
    expect(bytes.readInt32LE(4)).toBe(-1);
  });

  it('counts the size in bytes, not characters, for non-ASCII text', () => {
    const bytes = encodeRconPacket({ id: 1, type: RconPacketType.ExecCommand, body: 'servermsg "Zombies à l\'est"' });
    expect(bytes.readInt32LE(0)).toBe(bytes.length - 4);
  });
});

describe('RconPacketDecoder', () => {
  it('returns the packet that a chunk holds exactly', () => {
    expect(new RconPacketDecoder().push(encodeRconPacket(players))).toEqual([players]);
  });

  it('returns every packet of a chunk that holds several', () => {
    const second: RconPacket = { id: 8, type: RconPacketType.ResponseValue, body: '' };
    const third: RconPacket = { id: 9, type: RconPacketType.ResponseValue, body: 'Players connected (0): \n' };
    const chunk = Buffer.concat([players, second, third].map(encodeRconPacket));
    expect(new RconPacketDecoder().push(chunk)).toEqual([players, second, third]);
  });

  it('waits for the rest of a packet split across chunks, at every possible cut', () => {
    const bytes = encodeRconPacket(players);
    for (let cut = 1; cut < bytes.length; cut++) {
      const decoder = new RconPacketDecoder();
      expect(decoder.push(bytes.subarray(0, cut))).toEqual([]);
      expect(decoder.bufferedBytes).toBe(cut);
      expect(decoder.push(bytes.subarray(cut))).toEqual([players]);
      expect(decoder.bufferedBytes).toBe(0);
    }
  });

  it('decodes a stream fed one byte at a time', () => {
    const sent: RconPacket[] = [players, { id: 10, type: RconPacketType.ResponseValue, body: 'World saved' }];
    const decoder = new RconPacketDecoder();
    const received = [...Buffer.concat(sent.map(encodeRconPacket))].flatMap((byte) =>
      decoder.push(Buffer.from([byte])),
    );
    expect(received).toEqual(sent);
  });

  it('keeps the start of the next packet when a chunk ends mid-packet', () => {
    const next: RconPacket = { id: 11, type: RconPacketType.ResponseValue, body: 'Message sent.' };
    const nextBytes = encodeRconPacket(next);
    const decoder = new RconPacketDecoder();
    expect(decoder.push(Buffer.concat([encodeRconPacket(players), nextBytes.subarray(0, 5)]))).toEqual([players]);
    expect(decoder.push(nextBytes.subarray(5))).toEqual([next]);
  });

  it('decodes a reply longer than 4096 bytes, which Project Zomboid sends as one packet', () => {
    const long: RconPacket = { id: 12, type: RconPacketType.ResponseValue, body: 'x'.repeat(20_000) };
    expect(new RconPacketDecoder().push(encodeRconPacket(long))).toEqual([long]);
  });

  it('accepts a packet with only one terminating NUL', () => {
    const bytes = Buffer.alloc(4 + 4 + 4 + 2 + 1);
    bytes.writeInt32LE(bytes.length - 4, 0);
    bytes.writeInt32LE(3, 4);
    bytes.write('ok', 12);
    expect(new RconPacketDecoder().push(bytes)).toEqual([{ id: 3, type: 0, body: 'ok' }]);
  });

  it('rejects a size too small to hold an id and a type', () => {
    const header = Buffer.alloc(4);
    header.writeInt32LE(4, 0);
    expect(() => new RconPacketDecoder().push(header)).toThrow(RconProtocolError);
  });

  it('rejects a size above the limit instead of buffering forever', () => {
    const header = Buffer.alloc(4);
    header.writeInt32LE(MAX_RCON_PACKET_SIZE + 1, 0);
    expect(() => new RconPacketDecoder().push(header)).toThrow(/not an RCON port/);
  });

  it('rejects an HTTP reply read as RCON, as when the port belongs to something else', () => {
    const http = Buffer.from('HTTP/1.1 400 Bad Request\r\n');
    expect(() => new RconPacketDecoder().push(http)).toThrow(RconProtocolError);
  });
});
