import type { ApiHandlers } from '../core/api/dispatch';
import type { ChangeFeed } from '../core/change-feed';
import type { EventName } from '../shared/api';
import { FleetMirror, type FleetSnapshot } from './fleet-mirror';
import { evaluateNotices, freshNoticeMemory, type DesktopNotice, type NoticeMemory } from './notification-policy';

export interface FleetWatchOptions {
  handlers: Pick<ApiHandlers, 'hosts.list' | 'servers.list'>;
  feed: ChangeFeed;
  /** The fleet changed: redraw the tray. Called at most once per `trayDelayMs`. */
  onFleet(fleet: FleetSnapshot): void;
  /** News to show, already coalesced. */
  onNotices(notices: DesktopNotice[]): void;
  now?: () => number;
}

export const fleetWatchTiming = {
  /** Bursts of changes redraw the tray once. */
  trayDelayMs: 250,
  /** News waits for the burst it belongs to: this long without changes... */
  quietMs: 1500,
  /** ...or at most this long, so a steady trickle still gets told. */
  maxWaitMs: 5000,
  /** How often time alone is checked (a host offline for a minute, a purge coming). */
  tickMs: 15_000,
};

const watchedEvents: readonly EventName[] = ['host.changed', 'host.removed', 'server.changed', 'server.removed'];

/**
 * The tray's and notifications' view of the fleet: one load from core, then
 * the change feed. Bursts are gathered so that a host whose 30 servers change
 * at once redraws the tray once and is told in one notification.
 */
export class FleetWatch {
  private readonly mirror = new FleetMirror();
  private memory: NoticeMemory = freshNoticeMemory;
  private unsubscribe: (() => void) | undefined;
  private trayTimer: NodeJS.Timeout | undefined;
  private noticeTimer: NodeJS.Timeout | undefined;
  private noticeDeadline: number | null = null;
  private ticker: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: FleetWatchOptions) {}

  async start(): Promise<void> {
    // Subscribe before reading, and replay what came meanwhile: nothing falls between the two.
    let pending: Array<[EventName, unknown]> | null = [];
    this.unsubscribe = this.options.feed.subscribeAll((event, payload) => {
      if (pending) pending.push([event, payload]);
      else this.changed(event, payload);
    }, watchedEvents);
    const hosts = this.options.handlers['hosts.list']({});
    const servers = this.options.handlers['servers.list']({ include: 'all' });
    this.mirror.load(await hosts, await servers);
    for (const [event, payload] of pending) this.mirror.apply(event, payload);
    pending = null;
    if (this.stopped) return;
    this.evaluate();
    this.options.onFleet(this.mirror.snapshot());
    this.ticker = setInterval(() => this.evaluate(), fleetWatchTiming.tickMs);
    this.ticker.unref();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.trayTimer);
    clearTimeout(this.noticeTimer);
    clearInterval(this.ticker);
  }

  snapshot(): FleetSnapshot {
    return this.mirror.snapshot();
  }

  private changed(event: EventName, payload: unknown): void {
    if (!this.mirror.apply(event, payload)) return;
    this.trayTimer ??= setTimeout(() => {
      this.trayTimer = undefined;
      this.options.onFleet(this.mirror.snapshot());
    }, fleetWatchTiming.trayDelayMs);
    const now = this.now();
    this.noticeDeadline ??= now + fleetWatchTiming.maxWaitMs;
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(
      () => this.evaluate(),
      Math.max(0, Math.min(fleetWatchTiming.quietMs, this.noticeDeadline - now)),
    );
  }

  private evaluate(): void {
    clearTimeout(this.noticeTimer);
    this.noticeDeadline = null;
    const { notices, memory } = evaluateNotices(this.mirror.snapshot(), this.memory, this.now());
    this.memory = memory;
    if (notices.length) this.options.onNotices(notices);
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}
