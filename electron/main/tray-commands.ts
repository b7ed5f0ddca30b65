import type { CallOutcome } from '../shared/api';
import type { FocusTarget } from '../shared/focus-link';
import type { DesktopNotice } from './notification-policy';
import type { TrayCommand } from './tray-model';

export interface TrayCommandDeps {
  showWindow(target: FocusTarget | null): void;
  quit(): void;
  toggleOpenAtLogin(): void;
  explainSecrets(): void;
  /** Core's one door (dispatch): the action is validated and refused exactly as from the window. */
  call(method: 'servers.action', params: { serverId: string; action: string }): Promise<CallOutcome>;
  notify(notice: DesktopNotice): void;
}

/** Carries out what a tray item says. A refused or failed server action is told, with core's own words. */
export async function runTrayCommand(command: TrayCommand, deps: TrayCommandDeps): Promise<void> {
  switch (command.kind) {
    case 'open':
      deps.showWindow(command.target);
      return;
    case 'quit':
      deps.quit();
      return;
    case 'toggle-open-at-login':
      deps.toggleOpenAtLogin();
      return;
    case 'explain-secrets':
      deps.explainSecrets();
      return;
    case 'server-action': {
      const outcome = await deps.call('servers.action', { serverId: command.serverId, action: command.action });
      if (!outcome.ok) {
        deps.notify({
          title: `Could not ${command.action} ${command.serverName}`,
          body: outcome.error.message,
          target: { kind: 'server', id: command.serverId },
        });
      }
      return;
    }
  }
}

/** The one-time word after the first close: ZedOps has not quit, it is in the tray. */
export function closeToTrayHint(inputs: { quitting: boolean; hintShown: boolean }): DesktopNotice | null {
  if (inputs.quitting || inputs.hintShown) return null;
  return {
    title: 'ZedOps is still running',
    body: 'It keeps watching your fleet from the tray and tells you when something needs you. Quit is in the tray menu.',
    target: null,
  };
}
