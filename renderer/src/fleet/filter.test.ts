import { describe, expect, it } from 'vitest';
import { groupFleet } from './group-fleet';
import { filterGroups, isFiltering, matchesFilter, noFilter, showsDeleted } from './filter';
import { aHost, aServer } from './test-servers';

const north = aServer({ id: 'n', name: 'north', hostId: 'h1', host: 'box' });
const south = aServer({ id: 's', name: 'south', hostId: 'h2', host: 'attic', status: 'stopped' });
const groups = () => groupFleet([aHost('h1', 'box'), aHost('h2', 'attic')], [north, south], false);
const names = (gs: ReturnType<typeof groups>) => gs.map((g) => [g.hostName, g.servers.map((s) => s.name)]);

describe('matchesFilter', () => {
  it('matches everything when nothing is chosen', () => {
    expect(matchesFilter(north, noFilter)).toBe(true);
    expect(isFiltering(noFilter)).toBe(false);
  });

  it('finds a server by part of its name, whatever the case and spaces around', () => {
    expect(matchesFilter(north, { ...noFilter, query: '  NOR ' })).toBe(true);
    expect(matchesFilter(south, { ...noFilter, query: 'nor' })).toBe(false);
  });

  it('finds a server by its host name too', () => {
    expect(matchesFilter(south, { ...noFilter, query: 'att' })).toBe(true);
  });

  it('narrows by host and by status', () => {
    expect(matchesFilter(north, { ...noFilter, hostId: 'h2' })).toBe(false);
    expect(matchesFilter(south, { ...noFilter, status: 'stopped' })).toBe(true);
    expect(matchesFilter(north, { ...noFilter, status: 'stopped' })).toBe(false);
  });

  it('treats a query of only spaces as no filter', () => {
    expect(isFiltering({ ...noFilter, query: '   ' })).toBe(false);
  });
});

describe('filterGroups', () => {
  it('returns the groups untouched without a filter', () => {
    const gs = groups();
    expect(filterGroups(gs, noFilter)).toBe(gs);
  });

  it('hides host groups with no matching server when searching', () => {
    expect(names(filterGroups(groups(), { ...noFilter, query: 'south' }))).toEqual([['attic', ['south']]]);
  });

  it('keeps the chosen host even when it has no server that matches', () => {
    expect(names(filterGroups(groups(), { ...noFilter, hostId: 'h1' }))).toEqual([['box', ['north']]]);
    expect(names(filterGroups(groups(), { ...noFilter, hostId: 'h1', status: 'failed' }))).toEqual([]);
  });

  it('does not change the groups it was given', () => {
    const gs = groups();
    filterGroups(gs, { ...noFilter, query: 'north' });
    expect(names(gs)).toEqual([
      ['box', ['north']],
      ['attic', ['south']],
    ]);
  });
});

describe('showsDeleted', () => {
  it('shows deleted servers when the checkbox is on or the status filter asks for them', () => {
    expect(showsDeleted(false, noFilter)).toBe(false);
    expect(showsDeleted(true, noFilter)).toBe(true);
    expect(showsDeleted(false, { ...noFilter, status: 'deleted' })).toBe(true);
  });
});
