import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication } from '@playwright/test';
import { electronExecutable, electronPackageDir } from '../scripts/electron-runtime.mjs';
import { freshHome, testEnv } from './serve-fixture';

// The desktop app itself, launched in Electron by Playwright. Electron's runtime cannot be
// downloaded on every machine (TESTING.md): where it is missing this test is SKIPPED and says
// why; it is never counted as passed. It runs in the "electron" project, after every browser
// test, because it switches better-sqlite3 to Electron's build for its run (and back).

const root = path.resolve(__dirname, '..');
const executable = electronExecutable(electronPackageDir(root));
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = !executable
  ? 'no Electron runtime on this machine (node_modules/electron/dist is missing; it could not be downloaded). It runs wherever `npm start` can run Electron.'
  : noDisplay
    ? 'no display to open a window on: run the UI tests under `xvfb-run -a`.'
    : null;

/** What electron/main exposes under ZEDOPS_TEST_HOOKS=1, since Electron's API cannot read a tray back. */
interface Hooks {
  tray(): { health: string; tooltip: string; menu: Array<{ type: string; label?: string }> } | null;
  run(command: { kind: 'open'; target: null } | { kind: 'quit' }): void;
  windowCount(): number;
}
const hooks = (app: ElectronApplication) => ({
  tray: () => app.evaluate(() => (globalThis as unknown as { zedopsTestHooks: Hooks }).zedopsTestHooks.tray()),
  windowCount: () =>
    app.evaluate(() => (globalThis as unknown as { zedopsTestHooks: Hooks }).zedopsTestHooks.windowCount()),
  run: (command: Parameters<Hooks['run']>[0]) =>
    app.evaluate(
      (_electron, c) => (globalThis as unknown as { zedopsTestHooks: Hooks }).zedopsTestHooks.run(c),
      command,
    ),
});

const native = (runtime: 'electron' | 'node') =>
  execFileSync(process.execPath, [path.join(root, 'scripts', 'native.mjs'), runtime], { cwd: root, stdio: 'inherit' });

test.describe('the desktop app in Electron', () => {
  test.beforeAll(() => {
    if (skipReason) return;
    test.setTimeout(300_000);
    native('electron');
  });

  test.afterAll(() => {
    if (skipReason) return;
    test.setTimeout(300_000);
    native('node');
  });

  test('launches, shows the fleet and the tray, stays in the tray when closed, and quits from the tray', async () => {
    if (skipReason) {
      console.log(`Electron smoke test SKIPPED: ${skipReason}`);
      test.skip(true, skipReason);
      return;
    }
    test.setTimeout(120_000);
    const env = { ...process.env };
    delete env.ELECTRON_RENDERER_URL;
    const app = await electron.launch({
      executablePath: executable ?? undefined,
      args: [root, '--home', freshHome(), ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      env: {
        ...env,
        DOCKER_HOST: testEnv().dockerHost,
        ZEDOPS_TEST_HOOKS: '1',
        // A test machine has no unlocked keyring; the key file keeps the keyring warning dialog away.
        ZEDOPS_SECRETS: 'key-file',
        ZEDOPS_LOG_LEVEL: 'warn',
      },
    });
    try {
      const page = await app.firstWindow();
      await expect(page.getByRole('heading', { name: 'ZedOps', level: 1 })).toBeVisible();
      const host = page.getByRole('article', { name: 'Host This computer' });
      await expect(host.getByRole('status')).toHaveText(/Online/, { timeout: 15_000 });
      // The page got the API through the preload bridge, and nothing else.
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await page.evaluate(() => Object.keys((globalThis as { zedops?: object }).zedops ?? {}).sort())).toEqual([
        'invoke',
        'subscribe',
      ]);
      await page.screenshot({ path: 'test-results/screenshots/electron-window.png' });

      const t = hooks(app);
      await expect.poll(async () => (await t.tray())?.tooltip).toBe('ZedOps: all fine · 0 servers on 1 host');
      const labels = ((await t.tray())?.menu ?? []).map((i) => i.label);
      expect(labels).toContain('This computer: 0 servers');
      expect(labels.slice(-2)).toEqual(['Open ZedOps', 'Quit ZedOps']);

      // Closing the window leaves ZedOps running in the tray.
      await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
      await expect.poll(() => t.windowCount()).toBe(0);
      expect(await t.tray()).not.toBeNull();

      // Open ZedOps from the tray brings a window back.
      const reopened = app.waitForEvent('window');
      await t.run({ kind: 'open', target: null });
      await expect((await reopened).getByRole('article', { name: 'Host This computer' })).toBeVisible();

      // Quit from the tray ends the app.
      const closed = app.waitForEvent('close');
      await t.run({ kind: 'quit' });
      await closed;
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});
