import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SavedWindow } from './window-bounds';

/** What the desktop shell remembers between runs, beside the catalog: `<data dir>/desktop-state.json`. */
export interface DesktopState {
  window: SavedWindow | null;
  /** Start ZedOps (in the tray) when the user logs in. Off until they tick it. */
  openAtLogin: boolean;
  /** The one-time "still running in the tray" notice after the first close. */
  closeHintShown: boolean;
  /** The one-time dialog saying passwords are sealed with the key file, not the OS keyring. */
  keyringWarningShown: boolean;
}

export const defaultDesktopState: DesktopState = {
  window: null,
  openAtLogin: false,
  closeHintShown: false,
  keyringWarningShown: false,
};

export const desktopStateFileName = 'desktop-state.json';

const savedWindowSchema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().positive(),
  height: z.number().finite().positive(),
  maximized: z.boolean(),
});

// Each field on its own: a damaged window record must not turn start at login back off.
const stateSchema = z.object({
  window: savedWindowSchema.nullable().catch(null),
  openAtLogin: z.boolean().catch(false),
  closeHintShown: z.boolean().catch(false),
  keyringWarningShown: z.boolean().catch(false),
});

/** The state a file's text holds; defaults for anything missing or damaged. */
export function parseDesktopState(text: string): DesktopState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ...defaultDesktopState };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { ...defaultDesktopState };
  return stateSchema.parse({ ...defaultDesktopState, ...json });
}

export interface StateLog {
  warn(obj: object, msg: string): void;
}

/** The state file: read once at start, written whole (atomically) on every change. */
export class DesktopStateFile {
  private constructor(
    readonly file: string,
    private state: DesktopState,
    private readonly log: StateLog,
  ) {}

  static open(dataDir: string, log: StateLog): DesktopStateFile {
    const file = path.join(dataDir, desktopStateFileName);
    let text: string | null = null;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log.warn({ err, file }, 'could not read the desktop state');
    }
    return new DesktopStateFile(file, text === null ? { ...defaultDesktopState } : parseDesktopState(text), log);
  }

  get(): DesktopState {
    return this.state;
  }

  /** Merges and saves. A failed write is logged: losing a window position is no reason to stop. */
  update(patch: Partial<DesktopState>): void {
    this.state = { ...this.state, ...patch };
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(temp, `${JSON.stringify(this.state, null, 2)}\n`);
      fs.renameSync(temp, this.file);
    } catch (err) {
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        // Nothing was written.
      }
      this.log.warn({ err, file: this.file }, 'could not save the desktop state');
    }
  }
}
