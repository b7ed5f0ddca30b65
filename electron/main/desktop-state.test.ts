import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { useTempDirs } from '../core/testing/temp-dirs';
import { DesktopStateFile, defaultDesktopState, desktopStateFileName, parseDesktopState } from './desktop-state';

const tmp = useTempDirs('zedops-desktop-state');
const log = () => ({ warn: vi.fn() });

describe('DesktopStateFile', () => {
  it('starts with start at login off and no window remembered', () => {
    const state = DesktopStateFile.open(tmp(), log()).get();
    expect(state).toEqual(defaultDesktopState);
    expect(state.openAtLogin).toBe(false);
  });

  it('remembers the window and start at login across runs', () => {
    const dir = tmp();
    const window = { x: 10, y: 20, width: 1200, height: 700, maximized: true };
    DesktopStateFile.open(dir, log()).update({ window, openAtLogin: true });
    expect(DesktopStateFile.open(dir, log()).get()).toMatchObject({ window, openAtLogin: true });
  });

  it('keeps the other fields when one is updated', () => {
    const dir = tmp();
    const file = DesktopStateFile.open(dir, log());
    file.update({ openAtLogin: true });
    file.update({ closeHintShown: true });
    expect(DesktopStateFile.open(dir, log()).get()).toMatchObject({ openAtLogin: true, closeHintShown: true });
  });

  it('starts from the defaults when the file is damaged', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, desktopStateFileName), '{"window": {"x": 1');
    expect(DesktopStateFile.open(dir, log()).get()).toEqual(defaultDesktopState);
  });

  it('logs, and does not throw, when the data dir cannot be written', () => {
    const dir = tmp();
    const blocked = path.join(dir, 'not-a-dir');
    fs.writeFileSync(blocked, 'x');
    const l = log();
    const file = DesktopStateFile.open(blocked, l);
    expect(() => file.update({ openAtLogin: true })).not.toThrow();
    expect(l.warn).toHaveBeenCalled();
    expect(file.get().openAtLogin).toBe(true);
  });
});

describe('parseDesktopState', () => {
  it('keeps the valid fields of a partly damaged file', () => {
    const text = JSON.stringify({ window: { x: 'left', y: 0, width: 10, height: 10 }, openAtLogin: true, extra: 1 });
    expect(parseDesktopState(text)).toEqual({ ...defaultDesktopState, openAtLogin: true });
  });

  it('reads a file with fields missing (an older ZedOps wrote it)', () => {
    expect(parseDesktopState('{"openAtLogin": true}')).toEqual({ ...defaultDesktopState, openAtLogin: true });
  });

  it('turns anything but an object into the defaults', () => {
    for (const text of ['', 'null', '[]', '"x"', '42']) expect(parseDesktopState(text)).toEqual(defaultDesktopState);
  });
});
