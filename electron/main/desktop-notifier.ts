import { Notification, type NativeImage } from 'electron';
import type { FocusTarget } from '../shared/focus-link';
import type { DesktopNotice } from './notification-policy';

export interface DesktopNotifierDeps {
  icon: NativeImage | undefined;
  /** A notification was clicked: bring the window up on this card. */
  onClick(target: FocusTarget | null): void;
  log: { info(obj: object, msg: string): void };
}

/** Notifications kept alive for their click handlers; older ones are let go past this many. */
const maxKept = 50;

/** Shows desktop notifications; a click focuses the card the notice is about. */
export class DesktopNotifier {
  // Electron forgets the click handler of a Notification that was garbage-collected: keep them.
  private readonly kept = new Set<Notification>();

  constructor(private readonly deps: DesktopNotifierDeps) {}

  show(notice: DesktopNotice): void {
    if (!Notification.isSupported()) {
      this.deps.log.info({ notice }, 'notifications are not supported here');
      return;
    }
    const notification = new Notification({
      title: notice.title,
      body: notice.body,
      ...(this.deps.icon ? { icon: this.deps.icon } : {}),
    });
    this.kept.add(notification);
    notification.on('click', () => {
      this.kept.delete(notification);
      this.deps.onClick(notice.target);
    });
    notification.on('close', () => this.kept.delete(notification));
    notification.show();
    for (const old of this.kept) {
      if (this.kept.size <= maxKept) break;
      this.kept.delete(old);
    }
  }
}
