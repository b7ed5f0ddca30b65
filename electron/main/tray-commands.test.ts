import { describe, expect, it, vi } from 'vitest';
import type { CallOutcome } from '../shared/api';
import { closeToTrayHint, runTrayCommand, type TrayCommandDeps } from './tray-commands';

function deps(outcome: CallOutcome = { ok: true, result: {} }) {
  return {
    showWindow: vi.fn(),
    quit: vi.fn(),
    toggleOpenAtLogin: vi.fn(),
    explainSecrets: vi.fn(),
    call: vi.fn(() => Promise.resolve(outcome)),
    notify: vi.fn(),
  } satisfies TrayCommandDeps;
}

describe('runTrayCommand', () => {
  it('sends a server action through core’s API and says nothing when it works', async () => {
    const d = deps();
    await runTrayCommand({ kind: 'server-action', serverId: 's1', serverName: 'web', action: 'stop' }, d);
    expect(d.call).toHaveBeenCalledWith('servers.action', { serverId: 's1', action: 'stop' });
    expect(d.notify).not.toHaveBeenCalled();
  });

  it('tells core’s reason when an action is refused or fails, and a click opens that server', async () => {
    const message = 'Cannot start server "web": it is running. Start works on servers that are stopped.';
    const d = deps({ ok: false, error: { code: 'not_allowed', message } });
    await runTrayCommand({ kind: 'server-action', serverId: 's1', serverName: 'web', action: 'start' }, d);
    expect(d.notify).toHaveBeenCalledWith({
      title: 'Could not start web',
      body: message,
      target: { kind: 'server', id: 's1' },
    });
  });

  it('opens the window on the card asked for, and quits on Quit', async () => {
    const d = deps();
    await runTrayCommand({ kind: 'open', target: { kind: 'host', id: 'h1' } }, d);
    await runTrayCommand({ kind: 'quit' }, d);
    expect(d.showWindow).toHaveBeenCalledWith({ kind: 'host', id: 'h1' });
    expect(d.quit).toHaveBeenCalledTimes(1);
  });
});

describe('closeToTrayHint', () => {
  it('tells once, after the first close, that ZedOps is still running in the tray', () => {
    expect(closeToTrayHint({ quitting: false, hintShown: false })?.title).toBe('ZedOps is still running');
    expect(closeToTrayHint({ quitting: false, hintShown: true })).toBeNull();
  });

  it('says nothing when the window closed because ZedOps is quitting', () => {
    expect(closeToTrayHint({ quitting: true, hintShown: false })).toBeNull();
  });
});
