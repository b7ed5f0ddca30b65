import { Menu, Tray, type NativeImage } from 'electron';
import { menuTemplate } from './menu-template';
import type { TrayCommand, TrayModel } from './tray-model';

export interface DesktopTrayDeps {
  platform: NodeJS.Platform;
  image(file: string): NativeImage;
  run(command: TrayCommand): void;
}

/** The tray icon: shows a TrayModel, and redraws only what changed. */
export class DesktopTray {
  private readonly tray: Tray;
  private shown: TrayModel | null = null;
  private readonly images = new Map<string, NativeImage>();

  constructor(
    initial: TrayModel,
    private readonly deps: DesktopTrayDeps,
  ) {
    this.tray = new Tray(this.image(initial.icon));
    // Windows users expect a left click to open the app; elsewhere a click opens the menu.
    if (deps.platform === 'win32') this.tray.on('click', () => deps.run({ kind: 'open', target: null }));
    this.show(initial);
  }

  /** `force` rebuilds the menu even if the model is the same (a checkbox Electron ticked by itself). */
  show(model: TrayModel, force = false): void {
    const before = this.shown;
    if (!force && before && JSON.stringify(before) === JSON.stringify(model)) return;
    this.shown = model;
    if (before?.icon !== model.icon) this.tray.setImage(this.image(model.icon));
    if (before?.tooltip !== model.tooltip) this.tray.setToolTip(model.tooltip);
    if (force || JSON.stringify(before?.menu) !== JSON.stringify(model.menu)) {
      this.tray.setContextMenu(Menu.buildFromTemplate(menuTemplate(model.menu, this.deps.run)));
    }
  }

  /** What the tray shows now (for the Electron smoke test). */
  current(): TrayModel | null {
    return this.tray.isDestroyed() ? null : this.shown;
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }

  private image(file: string): NativeImage {
    let image = this.images.get(file);
    if (!image) {
      image = this.deps.image(file);
      this.images.set(file, image);
    }
    return image;
  }
}
