import { describe, expect, it } from 'vitest';
import { noFilter } from './filter';
import { buildFleetRows } from './fleet-rows';
import { groupFleet } from './group-fleet';
import { revealFor, rowIndexOf } from './reveal';
import { aHost, aServer } from './test-servers';

const view = { filter: noFilter, showDeleted: false };

describe('revealFor', () => {
  it('changes nothing when the card is already shown', () => {
    expect(revealFor({ kind: 'server', id: 'web' }, [aServer({ id: 'web' })], view)).toBeNull();
  });

  it('shows deleted servers when the card is a deleted one (a purge is coming)', () => {
    const servers = [aServer({ id: 'old', status: 'deleted' })];
    expect(revealFor({ kind: 'server', id: 'old' }, servers, view)).toEqual({ filter: noFilter, showDeleted: true });
  });

  it('clears a filter that hides the card, and keeps one that does not', () => {
    const servers = [aServer({ id: 'web', status: 'missing' })];
    const hiding = { filter: { ...noFilter, status: 'running' as const }, showDeleted: false };
    expect(revealFor({ kind: 'server', id: 'web' }, servers, hiding)).toEqual({ filter: noFilter, showDeleted: false });
    const showing = { filter: { ...noFilter, query: 'we' }, showDeleted: false };
    expect(revealFor({ kind: 'server', id: 'web' }, servers, showing)).toBeNull();
  });

  it('clears the filters to show a host’s card', () => {
    const onOther = { filter: { ...noFilter, hostId: 'h2' }, showDeleted: false };
    expect(revealFor({ kind: 'host', id: 'h1' }, [], onOther)).toEqual({ filter: noFilter, showDeleted: false });
    const searching = { filter: { ...noFilter, query: 'zzz' }, showDeleted: true };
    expect(revealFor({ kind: 'host', id: 'h1' }, [], searching)).toEqual({ filter: noFilter, showDeleted: true });
    expect(revealFor({ kind: 'host', id: 'h1' }, [], view)).toBeNull();
  });

  it('waits for a server it does not know yet', () => {
    expect(revealFor({ kind: 'server', id: 'later' }, [], view)).toBeNull();
  });
});

describe('rowIndexOf', () => {
  it('finds the row of a server’s card and of a host’s header', () => {
    const servers = ['a', 'b', 'c', 'd'].map((id) => aServer({ id }));
    const rows = buildFleetRows(groupFleet([aHost('h1')], servers, false), 2);
    expect(rowIndexOf(rows, { kind: 'host', id: 'h1' })).toBe(0);
    expect(rowIndexOf(rows, { kind: 'server', id: 'c' })).toBe(2);
    expect(rowIndexOf(rows, { kind: 'server', id: 'zz' })).toBe(-1);
  });
});
