import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trayIconFile } from './tray-model';

const root = path.resolve(__dirname, '..', '..');
const builderConfig = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');

/** Width and height from a PNG's IHDR. */
function pngSize(file: string): [number, number] {
  const head = fs.readFileSync(file).subarray(0, 24);
  expect(head.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [head.readUInt32BE(16), head.readUInt32BE(20)];
}

describe('what the installers ship', () => {
  it('has every icon the tray can show, at 1x and @2x, in a folder the app is packaged with', () => {
    for (const health of ['ok', 'attention', 'offline'] as const) {
      const file = path.join(root, 'resources', trayIconFile(health));
      expect(pngSize(file), health).toEqual([16, 16]);
      expect(pngSize(file.replace(/\.png$/, '@2x.png')), health).toEqual([32, 32]);
    }
    expect(builderConfig).toMatch(/^files:\n(?: {2}[-#] .*\n)*? {2}- resources\/\*\.png$/m);
  });

  it('ships the agent bundle, its checksum and its unit outside the asar archive, where core looks for them', () => {
    // Core's install-agent reads <resources>/agent/zedops-agent.cjs, checks it against .sha256 and installs the unit.
    expect(builderConfig).toMatch(/^extraResources:\n {2}- from: out\/agent\n {4}to: agent\n {4}filter:\n/m);
    for (const file of ['zedops-agent.cjs', 'zedops-agent.cjs.sha256', 'zedops-agent.service']) {
      expect(builderConfig).toContain(`\n      - ${file}\n`);
    }
  });

  it('unpacks better-sqlite3’s native binary from asar and rebuilds it for Electron', () => {
    expect(builderConfig).toMatch(/^asarUnpack:\n {2}- node_modules\/better-sqlite3\/\*\*\/\*\.node$/m);
    expect(builderConfig).toMatch(/^npmRebuild: true$/m);
  });

  it('builds AppImage and deb (with its dependencies), NSIS and dmg', () => {
    expect(builderConfig).toMatch(/^linux:\n {2}target:\n {4}- AppImage\n {4}- deb$/m);
    expect(builderConfig).toMatch(/^deb:\n(?:.*\n)*? {2}depends:\n(?: {4}- .*\n)*? {4}- libsecret-1-0\n/m);
    expect(builderConfig).toMatch(/^win:\n {2}target:\n {4}- nsis$/m);
    expect(builderConfig).toMatch(/^mac:\n {2}target:\n {4}- dmg$/m);
  });
});
