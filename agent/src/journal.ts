import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Log } from './log';

/** One journaled Docker event: its sequence number and the line exactly as Docker sent it. */
export interface JournalEntry {
  seq: number;
  raw: string;
}

export interface JournalOptions {
  /** The agent's state dir; the journal's files go straight into it. */
  dir: string;
  /** The most the two files may hold together; the older half is dropped when the newer one fills its half. */
  maxBytes: number;
  log: Log;
}

/** A query the journal cannot answer (bad or future `after`); the message says why. */
export class JournalQueryError extends Error {
  override name = 'JournalQueryError';
}

export const journalFiles = {
  current: 'journal.jsonl',
  previous: 'journal.1.jsonl',
  id: 'journal-id',
} as const;

/** The file format: one JSON object per line, `{"seq":N,"raw":"<Docker's event line>"}`. */
export function formatEntry(entry: JournalEntry): string {
  return `${JSON.stringify({ seq: entry.seq, raw: entry.raw })}\n`;
}

export function parseEntry(line: string): JournalEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const v = value as { seq?: unknown; raw?: unknown } | null;
  if (typeof v !== 'object' || v === null) return undefined;
  if (!Number.isSafeInteger(v.seq) || (v.seq as number) < 1 || typeof v.raw !== 'string') return undefined;
  return { seq: v.seq as number, raw: v.raw };
}

/**
 * Docker's `timeNano` read from the text of the line, every digit kept (a
 * JSON number would lose the last ones). Docker writes it last, after the
 * labels, so the last match is the event's own. Falls back to `time`.
 */
export function eventTimeNano(raw: string): bigint | undefined {
  const all = [...raw.matchAll(/"timeNano"\s*:\s*(\d+)/g)];
  const nano = all[all.length - 1]?.[1];
  if (nano) return BigInt(nano);
  const seconds = [...raw.matchAll(/"time"\s*:\s*(\d+)/g)].pop()?.[1];
  return seconds ? BigInt(seconds) * 1_000_000_000n : undefined;
}

interface LoadedFile {
  entries: JournalEntry[];
  /** Bytes up to the end of the last good line. */
  goodBytes: number;
  size: number;
  /** Complete lines that could not be read, skipped. */
  skipped: number;
}

/**
 * The agent's append-only event journal: JSON lines in the state dir, with
 * sequence numbers that only grow, across restarts, upgrades and rotation.
 *
 * Appends are written and fsynced in batches (whatever arrives while one
 * write is on its way goes in the next), and an entry is visible to readers
 * only once it is on disk, so a sequence number a client has seen is never
 * handed out again after a crash. A torn last line (a crash mid-write) is
 * cut off on open. When `journal.jsonl` passes half of `maxBytes` it becomes
 * `journal.1.jsonl` (replacing the older one) and a new file starts.
 */
export class Journal {
  private previous: JournalEntry[] = [];
  private current: JournalEntry[] = [];
  private pending: JournalEntry[] = [];
  private committedHead = 0;
  private assigned = 0;
  private lastNano: bigint | undefined;
  private handle: fs.FileHandle | undefined;
  private currentBytes = 0;
  private flushing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly subscribers = new Set<(entries: readonly JournalEntry[]) => void>();

  private constructor(
    private readonly options: JournalOptions,
    readonly id: string,
  ) {}

  static async open(options: JournalOptions): Promise<Journal> {
    const dir = options.dir;
    await fs.mkdir(dir, { recursive: true, mode: 0o750 });
    const id = await readOrCreateId(dir);
    const journal = new Journal(options, id);
    await journal.load();
    return journal;
  }

  /** The last sequence number on disk (0 for a journal that has none yet). */
  get head(): number {
    return this.committedHead;
  }

  /** The oldest sequence number still kept; `head + 1` when the journal is empty. */
  get oldest(): number {
    return this.previous[0]?.seq ?? this.current[0]?.seq ?? this.committedHead + 1;
  }

  /** Docker's time of the last event appended (on disk or about to be), where a resumed event stream starts. */
  get lastTimeNano(): bigint | undefined {
    return this.lastNano;
  }

  /** Adds one Docker event line; it gets the next sequence number and is written with the next batch. */
  append(raw: string): number {
    if (this.closed) throw new Error('The journal is closed.');
    if (raw.includes('\n')) throw new Error('A journal entry is one line.');
    const seq = ++this.assigned;
    this.pending.push({ seq, raw });
    const nano = eventTimeNano(raw);
    if (nano !== undefined && (this.lastNano === undefined || nano > this.lastNano)) this.lastNano = nano;
    this.kick();
    return seq;
  }

  /** Resolves once everything appended so far is on disk (or the journal is closed). */
  async flushed(): Promise<void> {
    for (;;) {
      if (this.flushing) await this.flushing;
      else if (this.pending.length === 0 || this.closed) return;
      else if (this.retryTimer) await new Promise((resolve) => setTimeout(resolve, 50));
      else this.kick();
    }
  }

  /** Entries with a sequence number above `after`, oldest first, at most `limit`. */
  after(after: number, limit = Infinity): JournalEntry[] {
    if (!Number.isSafeInteger(after) || after < 0) {
      throw new JournalQueryError(`"after" must be a sequence number, 0 or more; got ${after}.`);
    }
    if (after > this.committedHead) {
      throw new JournalQueryError(
        `"after" is ${after}, beyond the journal's last event (${this.committedHead}). ` +
          `This journal (id ${this.id}) never handed out that number: if you read another journal before, ` +
          'start again from 0 and resynchronize.',
      );
    }
    const out: JournalEntry[] = [];
    for (const list of [this.previous, this.current]) {
      if (list.length === 0 || list[list.length - 1]!.seq <= after) continue;
      for (let i = firstAbove(list, after); i < list.length && out.length < limit; i++) out.push(list[i]!);
    }
    return out;
  }

  /** Calls `listener` with each batch once it is on disk; returns the unsubscribe. */
  subscribe(listener: (entries: readonly JournalEntry[]) => void): () => void {
    this.subscribers.add(listener);
    return () => this.subscribers.delete(listener);
  }

  /** Writes what is pending (one last try if writing was failing) and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.kick();
    while (this.flushing) await this.flushing;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.pending.length > 0) {
      this.options.log.warn(
        { events: this.pending.length },
        'Closing the journal with events that could not be written; Docker is asked for them again at the next start.',
      );
    }
    this.closed = true;
    this.subscribers.clear();
    await this.handle?.close();
    this.handle = undefined;
  }

  private async load(): Promise<void> {
    const { dir, log } = this.options;
    const previousFile = path.join(dir, journalFiles.previous);
    const currentFile = path.join(dir, journalFiles.current);
    const previous = await readJournalFile(previousFile);
    const current = await readJournalFile(currentFile);
    for (const [file, loaded] of [
      [previousFile, previous],
      [currentFile, current],
    ] as const) {
      if (loaded && loaded.skipped > 0) {
        log.warn({ file, lines: loaded.skipped }, 'Skipped journal lines that could not be read.');
      }
    }
    this.previous = increasing(previous?.entries ?? [], 0);
    this.current = increasing(current?.entries ?? [], this.previous[this.previous.length - 1]?.seq ?? 0);
    if (current && current.goodBytes < current.size) {
      log.warn(
        { file: currentFile, bytes: current.size - current.goodBytes },
        'The journal ended in a torn line (the agent stopped mid-write); it was cut off. Docker is asked again for what it held.',
      );
      await fs.truncate(currentFile, current.goodBytes);
    }
    const last = this.current[this.current.length - 1] ?? this.previous[this.previous.length - 1];
    this.committedHead = last?.seq ?? 0;
    this.assigned = this.committedHead;
    this.lastNano = last ? eventTimeNano(last.raw) : undefined;
    this.handle = await fs.open(currentFile, 'a', 0o640);
    this.currentBytes = (await this.handle.stat()).size;
  }

  private kick(): void {
    if (this.flushing || this.retryTimer || this.pending.length === 0 || this.closed) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      if (this.pending.length > 0 && !this.retryTimer) this.kick();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0);
    const text = batch.map(formatEntry).join('');
    const bytes = Buffer.byteLength(text);
    const currentFile = path.join(this.options.dir, journalFiles.current);
    try {
      if (!this.handle) {
        this.handle = await fs.open(currentFile, 'a', 0o640);
        this.currentBytes = (await this.handle.stat()).size;
      }
      await this.handle.write(text);
      await this.handle.datasync();
    } catch (err) {
      // Put the batch back and cut off anything half-written, so a retry never leaves a torn line mid-file.
      this.pending.unshift(...batch);
      await this.handle?.truncate(this.currentBytes).catch(() => undefined);
      this.options.log.error(
        { err, file: currentFile },
        'Could not write to the event journal; retrying in 1 s. Check that the state dir is writable and the disk has space.',
      );
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.kick();
      }, 1000);
      this.retryTimer.unref();
      return;
    }
    this.currentBytes += bytes;
    this.current.push(...batch);
    this.committedHead = batch[batch.length - 1]!.seq;
    for (const listener of this.subscribers) {
      try {
        listener(batch);
      } catch (err) {
        this.options.log.error({ err }, 'A journal listener failed.');
      }
    }
    if (this.currentBytes >= this.options.maxBytes / 2) {
      await this.rotate().catch((err: unknown) =>
        this.options.log.error(
          { err, dir: this.options.dir },
          'Could not rotate the event journal; it keeps growing until it can.',
        ),
      );
    }
  }

  private async rotate(): Promise<void> {
    const dir = this.options.dir;
    const currentFile = path.join(dir, journalFiles.current);
    await this.handle?.close();
    this.handle = undefined;
    try {
      await fs.rename(currentFile, path.join(dir, journalFiles.previous));
      this.previous = this.current;
      this.current = [];
      await syncDir(dir);
    } finally {
      // The next write reopens journal.jsonl (a new file when the rename went through).
      this.handle = await fs.open(currentFile, 'a', 0o640).catch(() => undefined);
      this.currentBytes = this.handle ? (await this.handle.stat()).size : 0;
    }
    this.options.log.info(
      { oldest: this.oldest, head: this.committedHead },
      'The event journal was rotated; the oldest events were dropped.',
    );
  }
}

async function readJournalFile(file: string): Promise<LoadedFile | undefined> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const entries: JournalEntry[] = [];
  let goodBytes = 0;
  let skipped = 0;
  let invalidTail = 0;
  let start = 0;
  while (start < data.length) {
    const nl = data.indexOf(0x0a, start);
    if (nl === -1) break;
    const entry = parseEntry(data.subarray(start, nl).toString('utf8'));
    if (entry) {
      entries.push(entry);
      goodBytes = nl + 1;
      skipped += invalidTail;
      invalidTail = 0;
    } else {
      invalidTail++;
    }
    start = nl + 1;
  }
  // Lines that cannot be read at the very end are the remains of a crash; in the middle they are skipped.
  return { entries, goodBytes, size: data.length, skipped };
}

/** Keeps only entries whose sequence numbers grow, so a damaged file can never hand a number out twice. */
function increasing(entries: JournalEntry[], above: number): JournalEntry[] {
  const out: JournalEntry[] = [];
  let last = above;
  for (const entry of entries) {
    if (entry.seq <= last) continue;
    out.push(entry);
    last = entry.seq;
  }
  return out;
}

function firstAbove(list: JournalEntry[], after: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.seq <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function readOrCreateId(dir: string): Promise<string> {
  const file = path.join(dir, journalFiles.id);
  try {
    const id = (await fs.readFile(file, 'utf8')).trim();
    if (/^[0-9a-f-]{36}$/.test(id)) return id;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const id = randomUUID();
  const tmp = `${file}.tmp`;
  const handle = await fs.open(tmp, 'w', 0o640);
  try {
    await handle.write(`${id}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  await syncDir(dir);
  return id;
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } catch {
    // Some filesystems refuse fsync on a folder; the rename is then as durable as they make it.
  } finally {
    await handle.close();
  }
}
