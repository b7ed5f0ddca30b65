import { describe, expect, it } from 'vitest';
import { allowedActions, serverStatuses } from '../shared/lifecycle';
import type { FleetSnapshot } from './fleet-mirror';
import { aHost, aServer, serversOn } from './test-fleet';
import { maxServersPerHost, maxTooltipLength, trayModel, type MenuSpec, type TrayPrefs } from './tray-model';

const prefs: TrayPrefs = { openAtLogin: false, loginItemUnavailable: null, secretsWarning: null };

function labels(items: MenuSpec[]): string[] {
  return items.map((i) => (i.type === 'separator' ? '---' : i.label));
}

function submenu(items: MenuSpec[], startsWith: string): MenuSpec[] {
  const found = items.find((i) => i.type === 'submenu' && i.label.startsWith(startsWith));
  if (!found || found.type !== 'submenu') throw new Error(`no submenu "${startsWith}" in ${labels(items).join(' | ')}`);
  return found.items;
}

function item(items: MenuSpec[], label: string) {
  return items.find((i) => i.type !== 'separator' && i.label === label);
}

const twoHosts = (servers: FleetSnapshot['servers'], over: Parameters<typeof aHost>[1] = {}): FleetSnapshot => ({
  hosts: [aHost('box'), aHost('attic', over)],
  servers,
});

describe('the tray icon', () => {
  it('shows all fine when every host is online and no server needs anything', () => {
    const model = trayModel(twoHosts([aServer('a'), aServer('b', { status: 'stopped' })]), prefs);
    expect(model.health).toBe('ok');
    expect(model.icon).toBe('tray-ok.png');
  });

  it('asks for attention when a server is missing, failed, crash-looping or unhealthy', () => {
    for (const over of [
      { status: 'missing' },
      { status: 'failed' },
      { crashLooping: true },
      { health: 'unhealthy' },
    ] as const) {
      const model = trayModel(twoHosts([aServer('a'), aServer('b', over)]), prefs);
      expect(model.icon, JSON.stringify(over)).toBe('tray-attention.png');
    }
  });

  it('shows a host offline above anything else', () => {
    const model = trayModel(twoHosts([aServer('a', { status: 'missing' })], { status: 'offline' }), prefs);
    expect(model.health).toBe('offline');
    expect(model.icon).toBe('tray-offline.png');
  });

  it('takes neither deleted servers nor the last known state of an offline host as news', () => {
    const fleet: FleetSnapshot = {
      hosts: [aHost('box')],
      servers: [
        aServer('gone', { status: 'deleted', purgeAt: '2026-01-02T00:00:00.000Z' }),
        aServer('old', { status: 'missing', stale: true }),
      ],
    };
    expect(trayModel(fleet, prefs).health).toBe('ok');
  });
});

describe('the tray tooltip', () => {
  it('sums up the fleet', () => {
    const fleet = twoHosts([aServer('a'), aServer('b'), aServer('c', { hostId: 'attic', status: 'stopped' })]);
    expect(trayModel(fleet, prefs).tooltip).toBe('ZedOps: all fine · 3 servers on 2 hosts');
  });

  it('counts the servers that need attention, leaving deleted ones out of the total', () => {
    const fleet = twoHosts([
      aServer('a', { status: 'missing' }),
      aServer('b', { status: 'failed' }),
      aServer('c'),
      aServer('d', { status: 'deleted' }),
    ]);
    expect(trayModel(fleet, prefs).tooltip).toBe('ZedOps: 2 servers need attention · 3 servers on 2 hosts');
  });

  it('names a single offline host, and counts several', () => {
    expect(trayModel(twoHosts([], { status: 'offline' }), prefs).tooltip).toBe(
      'ZedOps: host attic is offline · 0 servers on 2 hosts',
    );
    const fleet: FleetSnapshot = {
      hosts: [aHost('a', { status: 'offline' }), aHost('b', { status: 'offline' }), aHost('c')],
      servers: [],
    };
    expect(trayModel(fleet, prefs).tooltip).toMatch(/^ZedOps: 2 hosts offline/);
  });

  it('says there is nothing to watch yet', () => {
    expect(trayModel({ hosts: [], servers: [] }, prefs).tooltip).toBe('ZedOps: no hosts yet');
  });

  it('never runs longer than Windows shows', () => {
    const fleet: FleetSnapshot = { hosts: [aHost('h', { name: 'x'.repeat(200), status: 'offline' })], servers: [] };
    const { tooltip } = trayModel(fleet, prefs);
    expect(tooltip.length).toBeLessThanOrEqual(maxTooltipLength);
    expect(tooltip.endsWith('…')).toBe(true);
  });
});

describe('the tray menu', () => {
  it('starts with the counts and ends with Open ZedOps and Quit', () => {
    const fleet = twoHosts([aServer('a'), aServer('b', { status: 'missing' }), aServer('c', { status: 'deleted' })], {
      status: 'offline',
    });
    const menu = trayModel(fleet, prefs).menu;
    expect(labels(menu).slice(0, 4)).toEqual([
      '2 servers: 1 running, 1 missing',
      '1 server needs attention',
      '2 hosts: 1 online, 1 offline',
      '1 deleted, awaiting purge',
    ]);
    expect(labels(menu).slice(-2)).toEqual(['Open ZedOps', 'Quit ZedOps']);
    expect(menu.at(-1)).toMatchObject({ enabled: true, command: { kind: 'quit' } });
    expect(menu.at(-2)).toMatchObject({ enabled: true, command: { kind: 'open', target: null } });
  });

  it('has one submenu per host, by name, listing its servers with their status', () => {
    const fleet = twoHosts([
      aServer('zeta'),
      aServer('alpha', { status: 'stopped' }),
      aServer('broken', { status: 'missing' }),
      aServer('loft', { hostId: 'attic', host: 'attic' }),
    ]);
    const menu = trayModel(fleet, prefs).menu;
    const hostLabels = labels(menu).filter((l) => l.startsWith('attic') || l.startsWith('box'));
    expect(hostLabels).toEqual(['attic: 1 server', 'box: 3 servers, 1 needs attention']);
    // What needs attention comes first, then by name.
    expect(labels(submenu(menu, 'box:')).slice(0, 3)).toEqual(['broken: missing', 'alpha: stopped', 'zeta: running']);
  });

  it('offers Start, Stop and Recover exactly where the lifecycle table allows them', () => {
    for (const status of serverStatuses.filter((s) => s !== 'deleted')) {
      const menu = trayModel({ hosts: [aHost('box')], servers: [aServer('web', { status })] }, prefs).menu;
      const offered = labels(submenu(submenu(menu, 'box:'), 'web:')).filter(
        (l) => l !== '---' && l !== 'Show in ZedOps',
      );
      const allowed = allowedActions(status).filter((a) => a === 'start' || a === 'stop' || a === 'recover');
      expect(
        offered.map((l) => l.toLowerCase()),
        status,
      ).toEqual(allowed);
    }
  });

  it('runs the action on that server when clicked', () => {
    const menu = trayModel({ hosts: [aHost('box')], servers: [aServer('web', { id: 'srv-1' })] }, prefs).menu;
    expect(item(submenu(submenu(menu, 'box:'), 'web:'), 'Stop')).toMatchObject({
      enabled: true,
      command: { kind: 'server-action', serverId: 'srv-1', serverName: 'web', action: 'stop' },
    });
  });

  it('greys out actions on a server whose host is offline, or that is busy', () => {
    const menu = trayModel(
      {
        hosts: [aHost('box')],
        servers: [aServer('old', { stale: true }), aServer('busy', { operation: 'stop' })],
      },
      prefs,
    ).menu;
    const box = submenu(menu, 'box:');
    expect(labels(box)).toContain('old: running (last known)');
    expect(labels(box)).toContain('busy: stopping…');
    expect(item(submenu(box, 'old:'), 'Stop')).toMatchObject({ enabled: false });
    expect(item(submenu(box, 'busy:'), 'Stop')).toMatchObject({ enabled: false });
  });

  it('opens the server’s card from its submenu, and the host’s from the host menu', () => {
    const menu = trayModel({ hosts: [aHost('box')], servers: [aServer('web', { id: 'srv-1' })] }, prefs).menu;
    const box = submenu(menu, 'box:');
    expect(item(submenu(box, 'web:'), 'Show in ZedOps')).toMatchObject({
      command: { kind: 'open', target: { kind: 'server', id: 'srv-1' } },
    });
    expect(item(box, 'Show host in ZedOps')).toMatchObject({
      command: { kind: 'open', target: { kind: 'host', id: 'box' } },
    });
  });

  it('keeps a big host’s submenu short and points at the window for the rest', () => {
    const menu = trayModel({ hosts: [aHost('box')], servers: serversOn('box', maxServersPerHost + 12) }, prefs).menu;
    const box = submenu(menu, 'box:');
    expect(box.filter((i) => i.type === 'submenu')).toHaveLength(maxServersPerHost);
    expect(item(box, '12 more: show in ZedOps')).toMatchObject({ command: { kind: 'open', target: { kind: 'host' } } });
  });

  it('says a host has no servers rather than showing an empty submenu', () => {
    expect(labels(submenu(trayModel({ hosts: [aHost('box')], servers: [] }, prefs).menu, 'box:'))[0]).toBe(
      'No servers',
    );
  });

  it('has a Start at login checkbox, off by default, greyed out with the reason where it cannot work', () => {
    const off = trayModel({ hosts: [], servers: [] }, prefs).menu;
    expect(item(off, 'Start at login')).toMatchObject({ type: 'checkbox', checked: false, enabled: true });
    const on = trayModel({ hosts: [], servers: [] }, { ...prefs, openAtLogin: true }).menu;
    expect(item(on, 'Start at login')).toMatchObject({ checked: true, command: { kind: 'toggle-open-at-login' } });
    const dev = trayModel({ hosts: [], servers: [] }, { ...prefs, loginItemUnavailable: 'installed app only' }).menu;
    expect(item(dev, 'Start at login (installed app only)')).toMatchObject({ enabled: false });
  });

  it('carries the keyring warning as a line that explains itself when clicked', () => {
    const menu = trayModel({ hosts: [], servers: [] }, { ...prefs, secretsWarning: 'No OS keyring: see why' }).menu;
    expect(item(menu, 'No OS keyring: see why')).toMatchObject({ enabled: true, command: { kind: 'explain-secrets' } });
    expect(labels(trayModel({ hosts: [], servers: [] }, prefs).menu).some((l) => /keyring/.test(l))).toBe(false);
  });
});
