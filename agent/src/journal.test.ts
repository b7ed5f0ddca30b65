import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventTimeNano, Journal, journalFiles, JournalQueryError, type JournalEntry } from './journal';
import { createLog, silentLog } from './log';

let dir: string;
const open: Journal[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-agent-journal-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((j) => j.close()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openJournal(maxBytes = 1024 * 1024, log = silentLog()): Promise<Journal> {
  const journal = await Journal.open({ dir, maxBytes, log });
  open.push(journal);
  return journal;
}

async function reopen(journal: Journal, maxBytes?: number): Promise<Journal> {
  await journal.close();
  return openJournal(maxBytes);
}

/** A Docker event line as dockerd writes it: labels first, timeNano last, with all 19 digits. */
function dockerLine(action: string, timeNano: bigint, name = 'north'): string {
  const seconds = timeNano / 1_000_000_000n;
  return (
    `{"status":"${action}","id":"abc123","from":"pz:latest","Type":"container","Action":"${action}",` +
    `"Actor":{"ID":"abc123","Attributes":{"name":"zedops-${name}","zedops.managed":"true"}},` +
    `"scope":"local","time":${seconds},"timeNano":${timeNano}}`
  );
}

const t0 = 1_764_151_234_567_890_123n;

function currentFile(): string {
  return path.join(dir, journalFiles.current);
}

describe('the event journal', () => {
  it('starts empty: head 0, nothing after 0', async () => {
    const journal = await openJournal();
    expect(journal.head).toBe(0);
    expect(journal.oldest).toBe(1);
    expect(journal.after(0)).toEqual([]);
    expect(journal.lastTimeNano).toBeUndefined();
    expect(journal.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('numbers appended events from 1 and keeps each line exactly as Docker sent it', async () => {
    const journal = await openJournal();
    const lines = ['create', 'start', 'die'].map((a, i) => dockerLine(a, t0 + BigInt(i)));
    expect(lines.map((l) => journal.append(l))).toEqual([1, 2, 3]);
    await journal.flushed();
    expect(journal.head).toBe(3);
    expect(journal.after(0)).toEqual(lines.map((raw, i) => ({ seq: i + 1, raw })));
    expect(journal.after(1).map((e) => e.seq)).toEqual([2, 3]);
    expect(journal.after(3)).toEqual([]);
    expect(journal.after(0, 2).map((e) => e.seq)).toEqual([1, 2]);
    expect(journal.lastTimeNano).toBe(t0 + 2n);
    expect(fs.readFileSync(currentFile(), 'utf8')).toBe(
      lines.map((raw, i) => `${JSON.stringify({ seq: i + 1, raw })}\n`).join(''),
    );
  });

  it('shows an event to readers only once it is on disk, and tells subscribers then', async () => {
    const journal = await openJournal();
    const seen: { entries: JournalEntry[]; onDisk: string }[] = [];
    journal.subscribe((entries) =>
      seen.push({ entries: [...entries], onDisk: fs.readFileSync(currentFile(), 'utf8') }),
    );
    journal.append(dockerLine('start', t0));
    expect(journal.head).toBe(0);
    expect(journal.after(0)).toEqual([]);
    await journal.flushed();
    expect(journal.head).toBe(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.entries.map((e) => e.seq)).toEqual([1]);
    expect(seen[0]!.onDisk).toContain('"seq":1');
  });

  it('writes a burst in few batches, every event in order', async () => {
    const journal = await openJournal();
    let batches = 0;
    journal.subscribe(() => batches++);
    for (let i = 0; i < 200; i++) journal.append(dockerLine('start', t0 + BigInt(i)));
    await journal.flushed();
    expect(journal.head).toBe(200);
    expect(batches).toBeLessThan(10);
    const seqs = fs
      .readFileSync(currentFile(), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('resumes after a reopen: same id, same head, the exact time of the last event, numbering goes on', async () => {
    let journal = await openJournal();
    const id = journal.id;
    journal.append(dockerLine('create', t0));
    journal.append(dockerLine('start', t0 + 999n));
    journal = await reopen(journal);
    expect(journal.id).toBe(id);
    expect(journal.head).toBe(2);
    expect(journal.lastTimeNano).toBe(t0 + 999n);
    expect(journal.append(dockerLine('stop', t0 + 5000n))).toBe(3);
    await journal.flushed();
    expect(journal.after(0).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('cuts off a torn last line after a crash and goes on from the last whole event', async () => {
    let journal = await openJournal();
    journal.append(dockerLine('create', t0));
    journal.append(dockerLine('start', t0 + 1n));
    await journal.close();
    const whole = fs.readFileSync(currentFile(), 'utf8');
    fs.appendFileSync(currentFile(), '{"seq":3,"raw":"{\\"status\\":\\"st');
    const warnings: string[] = [];
    journal = await Journal.open({ dir, maxBytes: 1024 * 1024, log: createLog('warn', (l) => warnings.push(l)) });
    open.push(journal);
    expect(journal.head).toBe(2);
    expect(journal.lastTimeNano).toBe(t0 + 1n);
    expect(fs.readFileSync(currentFile(), 'utf8')).toBe(whole);
    expect(warnings.join('')).toContain('torn line');
    expect(journal.append(dockerLine('die', t0 + 2n))).toBe(3);
    journal = await reopen(journal);
    expect(journal.after(0).map((e) => [e.seq, JSON.parse(e.raw).Action])).toEqual([
      [1, 'create'],
      [2, 'start'],
      [3, 'die'],
    ]);
  });

  it('drops zero bytes and unreadable lines at the end, skips a damaged line in the middle', async () => {
    const good =
      `${JSON.stringify({ seq: 1, raw: dockerLine('create', t0) })}\n` +
      'garbage in the middle\n' +
      `${JSON.stringify({ seq: 2, raw: dockerLine('start', t0 + 1n) })}\n`;
    fs.writeFileSync(currentFile(), `${good}not json\n\0\0\0\0\0\0`);
    const journal = await openJournal();
    expect(journal.after(0).map((e) => e.seq)).toEqual([1, 2]);
    expect(fs.readFileSync(currentFile(), 'utf8')).toBe(good);
  });

  it('never hands a sequence number out twice, even from a damaged file', async () => {
    fs.writeFileSync(
      currentFile(),
      [5, 3, 6].map((seq) => `${JSON.stringify({ seq, raw: dockerLine('start', t0 + BigInt(seq)) })}\n`).join(''),
    );
    const journal = await openJournal();
    expect(journal.after(0).map((e) => e.seq)).toEqual([5, 6]);
    expect(journal.append(dockerLine('stop', t0 + 10n))).toBe(7);
  });

  it('rotates at half the size cap, drops the oldest half, and keeps numbering monotonic', async () => {
    const maxBytes = 8 * 1024;
    let journal = await openJournal(maxBytes);
    let last = 0;
    for (let i = 0; i < 60; i++) {
      last = journal.append(dockerLine('start', t0 + BigInt(i)));
      await journal.flushed();
    }
    expect(last).toBe(60);
    expect(journal.head).toBe(60);
    const previous = path.join(dir, journalFiles.previous);
    expect(fs.existsSync(previous)).toBe(true);
    const total = fs.statSync(previous).size + fs.statSync(currentFile()).size;
    expect(total).toBeLessThanOrEqual(maxBytes);
    expect(journal.oldest).toBeGreaterThan(1);
    const kept = journal.after(0);
    expect(kept[0]!.seq).toBe(journal.oldest);
    expect(kept.map((e) => e.seq)).toEqual(
      Array.from({ length: 60 - journal.oldest + 1 }, (_, i) => journal.oldest + i),
    );
    // A client that was further behind than the oldest event kept sees the gap.
    expect(journal.after(0)[0]!.seq).toBeGreaterThan(1);
    const oldest = journal.oldest;
    journal = await reopen(journal, maxBytes);
    expect(journal.head).toBe(60);
    expect(journal.oldest).toBe(oldest);
    expect(journal.append(dockerLine('stop', t0 + 100n))).toBe(61);
  });

  it('goes on when the agent died between rotating and starting the new file', async () => {
    let journal = await openJournal();
    journal.append(dockerLine('create', t0));
    journal.append(dockerLine('start', t0 + 1n));
    await journal.close();
    fs.renameSync(currentFile(), path.join(dir, journalFiles.previous));
    journal = await openJournal();
    expect(journal.head).toBe(2);
    expect(journal.lastTimeNano).toBe(t0 + 1n);
    expect(journal.append(dockerLine('die', t0 + 2n))).toBe(3);
    await journal.flushed();
    expect(journal.after(1).map((e) => e.seq)).toEqual([2, 3]);
  });

  it('refuses "after" beyond the head or below 0, saying why', async () => {
    const journal = await openJournal();
    journal.append(dockerLine('create', t0));
    await journal.flushed();
    expect(() => journal.after(2)).toThrow(JournalQueryError);
    expect(() => journal.after(2)).toThrow(/"after" is 2, beyond the journal's last event \(1\)/);
    expect(() => journal.after(-1)).toThrow(/0 or more/);
    expect(() => journal.after(1.5)).toThrow(JournalQueryError);
  });

  it('writes everything pending when closed', async () => {
    let journal = await openJournal();
    for (let i = 0; i < 20; i++) journal.append(dockerLine('start', t0 + BigInt(i)));
    journal = await reopen(journal);
    expect(journal.head).toBe(20);
  });
});

describe('eventTimeNano', () => {
  it('reads every digit of timeNano', () => {
    expect(eventTimeNano(dockerLine('start', 1_764_151_234_567_890_123n))).toBe(1_764_151_234_567_890_123n);
  });

  it('is not fooled by a label that looks like timeNano', () => {
    const raw =
      '{"Type":"container","Action":"start","Actor":{"ID":"x","Attributes":{"timeNano":"5","note":"\\"timeNano\\":7"}},' +
      '"time":1764151234,"timeNano":1764151234000000042}';
    expect(eventTimeNano(raw)).toBe(1_764_151_234_000_000_042n);
  });

  it('falls back to whole seconds', () => {
    expect(eventTimeNano('{"Type":"container","time":1764151234}')).toBe(1_764_151_234_000_000_000n);
  });
});
