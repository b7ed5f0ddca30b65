export const healthStates = ['starting', 'healthy', 'unhealthy'] as const;
export type Health = (typeof healthStates)[number];

export interface Overlay {
  health: Health | null;
  crashLooping: boolean;
}

export interface CrashWindow {
  ms: number;
  crashes: number;
}

/**
 * What Docker shows beside the catalog's status: the container's health
 * check and whether it is crash-looping (at least `crashes` crashes, each a
 * restart Docker had to make, within `ms`). Kept in memory: it is display,
 * not truth. Health is read again from Docker on every full sync; crash
 * counts start afresh when the process does.
 */
export class Overlays {
  private readonly health = new Map<string, Health | null>();
  private readonly crashes = new Map<string, number[]>();
  private readonly looping = new Set<string>();

  constructor(private readonly window: CrashWindow = { ms: 5 * 60_000, crashes: 3 }) {}

  get(serverId: string): Overlay {
    return { health: this.health.get(serverId) ?? null, crashLooping: this.looping.has(serverId) };
  }

  /** True when the shown health changed. */
  setHealth(serverId: string, health: Health | null): boolean {
    if ((this.health.get(serverId) ?? null) === health) return false;
    this.health.set(serverId, health);
    return true;
  }

  /** Records a crash at `at`; true when the server just started crash-looping. */
  recordCrash(serverId: string, at: number): boolean {
    const times = [...(this.crashes.get(serverId) ?? []), at].filter((t) => t > at - this.window.ms);
    this.crashes.set(serverId, times);
    if (times.length >= this.window.crashes && !this.looping.has(serverId)) {
      this.looping.add(serverId);
      return true;
    }
    return false;
  }

  /** Servers whose last crash left the window by `now`: no longer crash-looping. */
  expire(now: number): string[] {
    const calmed: string[] = [];
    for (const id of this.looping) {
      const times = (this.crashes.get(id) ?? []).filter((t) => t > now - this.window.ms);
      this.crashes.set(id, times);
      if (times.length < this.window.crashes) {
        this.looping.delete(id);
        calmed.push(id);
      }
    }
    return calmed;
  }

  /** A deliberate stop, start or recreate ends the crash story. True when that changed what is shown. */
  reset(serverId: string): boolean {
    const was = this.looping.delete(serverId);
    this.crashes.delete(serverId);
    return was;
  }

  forget(serverId: string): void {
    this.health.delete(serverId);
    this.crashes.delete(serverId);
    this.looping.delete(serverId);
  }
}

/** Docker's health word from an inspect or a `health_status: x` event. */
export function parseHealth(word: string | undefined): Health | null {
  const w = word?.replace(/^health_status:\s*/, '').trim();
  return (healthStates as readonly string[]).includes(w ?? '') ? (w as Health) : null;
}
