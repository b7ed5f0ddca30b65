import { describe, expect, it, vi } from 'vitest';
import { menuTemplate } from './menu-template';
import type { MenuSpec } from './tray-model';

const spec: MenuSpec[] = [
  { type: 'item', label: '3 servers: 3 running', enabled: false, command: null },
  { type: 'separator' },
  {
    type: 'submenu',
    label: 'R&D box: 1 server',
    items: [
      {
        type: 'item',
        label: 'Stop',
        enabled: true,
        command: { kind: 'server-action', serverId: 's1', serverName: 'web', action: 'stop' },
      },
    ],
  },
  {
    type: 'checkbox',
    label: 'Start at login',
    checked: true,
    enabled: true,
    command: { kind: 'toggle-open-at-login' },
  },
  { type: 'item', label: 'Quit ZedOps', enabled: true, command: { kind: 'quit' } },
];

describe('menuTemplate', () => {
  it('runs an item’s command when it is clicked, nested or not', () => {
    const run = vi.fn();
    const template = menuTemplate(spec, run);
    const submenu = template[2]?.submenu as Array<{ click?: () => void }>;
    submenu[0]?.click?.();
    template[4]?.click?.(undefined as never, undefined, undefined as never);
    expect(run.mock.calls).toEqual([
      [{ kind: 'server-action', serverId: 's1', serverName: 'web', action: 'stop' }],
      [{ kind: 'quit' }],
    ]);
  });

  it('keeps greyed-out lines, checkboxes and separators as they are', () => {
    const template = menuTemplate(spec, vi.fn());
    expect(template[0]).toEqual({ label: '3 servers: 3 running', enabled: false });
    expect(template[1]).toEqual({ type: 'separator' });
    expect(template[3]).toMatchObject({ type: 'checkbox', checked: true, enabled: true });
  });

  it('shows an ampersand in a host name instead of turning it into a keyboard shortcut', () => {
    expect(menuTemplate(spec, vi.fn())[2]?.label).toBe('R&&D box: 1 server');
  });
});
