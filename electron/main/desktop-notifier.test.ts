import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => {
  const shown: Array<{ options: Record<string, unknown>; fire(event: string): void }> = [];
  let supported = true;
  class Notification {
    private listeners = new Map<string, () => void>();
    constructor(public options: Record<string, unknown>) {}
    static isSupported() {
      return supported;
    }
    on(event: string, listener: () => void) {
      this.listeners.set(event, listener);
    }
    show() {
      shown.push({ options: this.options, fire: (event) => this.listeners.get(event)?.() });
    }
  }
  return { shown, Notification, setSupported: (s: boolean) => (supported = s) };
});

vi.mock('electron', () => ({ Notification: electron.Notification }));

const { DesktopNotifier } = await import('./desktop-notifier');

describe('DesktopNotifier', () => {
  beforeEach(() => {
    electron.shown.length = 0;
    electron.setSupported(true);
  });

  it('shows the notice and, when clicked, opens the card it is about', () => {
    const onClick = vi.fn();
    const notifier = new DesktopNotifier({ icon: undefined, onClick, log: { info: vi.fn() } });
    notifier.show({
      title: 'web is missing',
      body: 'Its container on box is gone.',
      target: { kind: 'server', id: 's1' },
    });
    expect(electron.shown[0]?.options).toEqual({ title: 'web is missing', body: 'Its container on box is gone.' });
    electron.shown[0]?.fire('click');
    expect(onClick).toHaveBeenCalledWith({ kind: 'server', id: 's1' });
  });

  it('logs instead of failing where the OS has no notifications', () => {
    electron.setSupported(false);
    const log = { info: vi.fn() };
    new DesktopNotifier({ icon: undefined, onClick: vi.fn(), log }).show({ title: 't', body: 'b', target: null });
    expect(electron.shown).toHaveLength(0);
    expect(log.info).toHaveBeenCalled();
  });
});
