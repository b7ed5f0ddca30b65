import { describe, expect, it } from 'vitest';
import { suggestPorts, type TakenPorts } from './suggest-ports';

function taken(udp: number[] = [], tcp: number[] = []): TakenPorts {
  return { udp: new Set(udp), tcp: new Set(tcp) };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

describe('suggestPorts', () => {
  it("suggests the game's defaults on an empty host", () => {
    expect(suggestPorts(taken())).toEqual({ gamePort: 16261, udpPort: 16262, rconPort: 27015 });
  });

  it('steps the game port by two past a taken pair', () => {
    expect(suggestPorts(taken([16261, 16262, 16263, 16264]))).toMatchObject({ gamePort: 16265, udpPort: 16266 });
  });

  it('skips a pair whose UDP port alone is taken', () => {
    expect(suggestPorts(taken([16262]))).toMatchObject({ gamePort: 16263, udpPort: 16264 });
  });

  it('fills a gap left by a purged server', () => {
    expect(suggestPorts(taken([16263, 16264, 16265, 16266], [27016]))).toEqual({
      gamePort: 16261,
      udpPort: 16262,
      rconPort: 27015,
    });
  });

  it('steps RCON by one past taken TCP ports', () => {
    expect(suggestPorts(taken([], [27015, 27016, 27018])).rconPort).toBe(27017);
  });

  it('keeps protocols apart: a TCP listener on 16261 does not move the game port', () => {
    expect(suggestPorts(taken([27015], [16261, 16262]))).toEqual({ gamePort: 16261, udpPort: 16262, rconPort: 27015 });
  });

  it('uses the last pair below 65535 when everything before it is taken', () => {
    expect(suggestPorts(taken(range(16261, 65532)))).toMatchObject({ gamePort: 65533, udpPort: 65534 });
  });

  it('says what to do when no UDP pair is free', () => {
    expect(() => suggestPorts(taken(range(16261, 65534)))).toThrow(
      /No free pair of UDP ports from 16261 to 65535.*Purge deleted servers.*enter the game and UDP ports yourself/,
    );
  });

  it('says what to do when no RCON port is free', () => {
    expect(() => suggestPorts(taken([], range(27015, 65535)))).toThrow(
      /No free TCP port from 27015 to 65535 for RCON.*enter the RCON port yourself/,
    );
  });
});
