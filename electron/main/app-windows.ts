import type { BrowserWindow, WebContents } from 'electron';

/**
 * The windows ZedOps created. The IPC bridge trusts calls only from these,
 * and sends change-feed events only to these.
 */
export class AppWindows {
  private readonly windows = new Map<number, { window: BrowserWindow; contents: WebContents }>();

  track(window: BrowserWindow): void {
    // Keep the contents and id from now: after 'closed' they can no longer be read.
    const contents = window.webContents;
    const id = contents.id;
    this.windows.set(id, { window, contents });
    window.once('closed', () => this.windows.delete(id));
  }

  owns(contents: WebContents): boolean {
    return this.windows.get(contents.id)?.contents === contents;
  }

  /** Web contents of open windows, for broadcasting. */
  openContents(): WebContents[] {
    return [...this.windows.values()].filter(({ contents }) => !contents.isDestroyed()).map(({ contents }) => contents);
  }

  first(): BrowserWindow | undefined {
    for (const { window } of this.windows.values()) if (!window.isDestroyed()) return window;
    return undefined;
  }

  get size(): number {
    return this.windows.size;
  }
}
