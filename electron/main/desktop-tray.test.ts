import type { NativeImage } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { aHost, aServer } from './test-fleet';
import { trayModel, type TrayPrefs } from './tray-model';

const electron = vi.hoisted(() => {
  const trays: Array<Record<string, ReturnType<typeof vi.fn>> & { clicks: Array<() => void> }> = [];
  class Tray {
    clicks: Array<() => void> = [];
    setImage = vi.fn();
    setToolTip = vi.fn();
    setContextMenu = vi.fn();
    isDestroyed = vi.fn(() => false);
    destroy = vi.fn();
    constructor(public image: unknown) {
      trays.push(this as never);
    }
    on(event: string, listener: () => void) {
      if (event === 'click') this.clicks.push(listener);
    }
  }
  return { trays, Tray, buildFromTemplate: vi.fn((template: unknown) => ({ template })) };
});

vi.mock('electron', () => ({ Tray: electron.Tray, Menu: { buildFromTemplate: electron.buildFromTemplate } }));

const { DesktopTray } = await import('./desktop-tray');

const prefs: TrayPrefs = { openAtLogin: false, loginItemUnavailable: null, secretsWarning: null };
const fine = trayModel({ hosts: [aHost('box')], servers: [aServer('web')] }, prefs);
const missing = trayModel({ hosts: [aHost('box')], servers: [aServer('web', { status: 'missing' })] }, prefs);

function setup(platform: NodeJS.Platform = 'linux') {
  const run = vi.fn();
  const image = vi.fn((file: string) => ({ file }) as unknown as NativeImage);
  const tray = new DesktopTray(fine, { platform, image, run });
  const native = electron.trays.at(-1)!;
  return { tray, native, run, image };
}

describe('DesktopTray', () => {
  beforeEach(() => {
    electron.trays.length = 0;
    electron.buildFromTemplate.mockClear();
  });

  it('shows the model’s icon, tooltip and menu', () => {
    const { native } = setup();
    expect(native.image).toEqual({ file: 'tray-ok.png' });
    expect(native.setToolTip).toHaveBeenCalledWith('ZedOps: all fine · 1 server on 1 host');
    expect(native.setContextMenu).toHaveBeenCalledTimes(1);
  });

  it('changes the icon when the fleet needs attention, and leaves an unchanged tray alone', () => {
    const { tray, native } = setup();
    tray.show(fine);
    expect(native.setContextMenu).toHaveBeenCalledTimes(1);
    tray.show(missing);
    expect(native.setImage).toHaveBeenLastCalledWith({ file: 'tray-attention.png' });
    expect(native.setContextMenu).toHaveBeenCalledTimes(2);
    expect(tray.current()).toBe(missing);
  });

  it('can rebuild an unchanged menu, to untick a checkbox Electron ticked by itself when the change failed', () => {
    const { tray, native } = setup();
    tray.show(fine, true);
    expect(native.setContextMenu).toHaveBeenCalledTimes(2);
  });

  it('runs the command of a clicked menu item', () => {
    const { run } = setup();
    const template = electron.buildFromTemplate.mock.calls[0]?.[0] as Array<{ label?: string; click?: () => void }>;
    template.find((i) => i.label === 'Quit ZedOps')?.click?.();
    expect(run).toHaveBeenCalledWith({ kind: 'quit' });
  });

  it('opens the window on a left click on Windows', () => {
    const { native, run } = setup('win32');
    native.clicks.forEach((click) => click());
    expect(run).toHaveBeenCalledWith({ kind: 'open', target: null });
    expect(setup('linux').native.clicks).toHaveLength(0);
  });
});
