import { describe, expect, it } from 'vitest';
import { buildFleetRows, columnsFor, estimateRowHeight } from './fleet-rows';
import { groupFleet } from './group-fleet';
import { aHost, aServer } from './test-servers';

describe('columnsFor', () => {
  it('fits as many 320 px cards with 12 px gaps as the grid’s auto-fill would, after the 19 px indent', () => {
    expect(columnsFor(19 + 320)).toBe(1);
    expect(columnsFor(19 + 320 * 2 + 12 - 1)).toBe(1);
    expect(columnsFor(19 + 320 * 2 + 12)).toBe(2);
    expect(columnsFor(19 + 320 * 3 + 24)).toBe(3);
    expect(columnsFor(1280)).toBe(3);
  });

  it('is at least one, also before the width is known', () => {
    expect(columnsFor(0)).toBe(1);
    expect(columnsFor(100)).toBe(1);
    expect(columnsFor(Number.NaN)).toBe(1);
  });
});

describe('buildFleetRows', () => {
  const hosts = [aHost('h1', 'box'), aHost('h2', 'empty'), aHost('h3', 'pair')];
  const servers = [
    ...['a', 'b', 'c', 'd', 'e'].map((id) => aServer({ id, hostId: 'h1' })),
    aServer({ id: 'x', hostId: 'h3' }),
    aServer({ id: 'y', hostId: 'h3' }),
  ];
  const groups = groupFleet(hosts, servers, false);

  it('gives each host a header row, then its servers N to a row, the last row marked', () => {
    const rows = buildFleetRows(groups, 2);
    expect(
      rows.map((r) =>
        r.kind === 'host' ? r.group.hostName : `${r.servers.map((s) => s.name).join('')}${r.last ? '.' : ''}`,
      ),
    ).toEqual(['box', 'ab', 'cd', 'e.', 'empty', 'pair', 'xy.']);
  });

  it('has stable, unique keys', () => {
    const keys = buildFleetRows(groups, 3).map((r) => r.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.slice(0, 3)).toEqual(['host:h1', 'cards:h1:0', 'cards:h1:1']);
  });

  it('treats a nonsense column count as one', () => {
    expect(buildFleetRows(groups, 0).filter((r) => r.kind === 'cards')).toHaveLength(7);
  });

  it('is empty with no groups, and estimates a height for every row', () => {
    expect(buildFleetRows([], 3)).toEqual([]);
    for (const r of buildFleetRows(groups, 2)) expect(estimateRowHeight(r)).toBeGreaterThan(0);
  });
});
