import type { MenuItemConstructorOptions } from 'electron';
import type { MenuSpec, TrayCommand } from './tray-model';

/**
 * Electron's menu template for a menu spec: each click runs the item's
 * command. Labels are escaped, because Windows and Linux read `&` as a
 * mnemonic marker, and host names may contain one.
 */
export function menuTemplate(
  items: readonly MenuSpec[],
  run: (command: TrayCommand) => void,
): MenuItemConstructorOptions[] {
  return items.map((spec): MenuItemConstructorOptions => {
    switch (spec.type) {
      case 'separator':
        return { type: 'separator' };
      case 'submenu':
        return { label: escapeLabel(spec.label), submenu: menuTemplate(spec.items, run) };
      case 'checkbox': {
        const command = spec.command;
        return {
          type: 'checkbox',
          label: escapeLabel(spec.label),
          checked: spec.checked,
          enabled: spec.enabled,
          click: () => run(command),
        };
      }
      case 'item': {
        const command = spec.command;
        return {
          label: escapeLabel(spec.label),
          enabled: spec.enabled,
          ...(command ? { click: () => run(command) } : {}),
        };
      }
    }
  });
}

export function escapeLabel(label: string): string {
  return label.replaceAll('&', '&&');
}
