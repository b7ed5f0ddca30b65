import type { MenuItemConstructorOptions } from 'electron';

/**
 * The application menu. Quit is in it on every platform (the app menu on
 * macOS, File elsewhere): closing the window only sends ZedOps to the tray.
 * The Edit menu is what makes copy and paste work in text fields on macOS;
 * developer tools only in a development run.
 */
export function appMenuTemplate(inputs: {
  platform: NodeJS.Platform;
  isPackaged: boolean;
}): MenuItemConstructorOptions[] {
  const mac = inputs.platform === 'darwin';
  const quit: MenuItemConstructorOptions = { role: 'quit', label: 'Quit ZedOps', accelerator: 'CmdOrCtrl+Q' };
  return [
    ...(mac
      ? [
          {
            label: 'ZedOps',
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              quit,
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: '&File',
      submenu: [{ role: 'close', label: 'Close Window' }, ...(mac ? [] : [{ type: 'separator' } as const, quit])],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(inputs.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
