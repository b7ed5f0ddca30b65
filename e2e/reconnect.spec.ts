import type { ChildProcess } from 'node:child_process';
import { zedops } from './fleet-cli';
import { expect, freshHome, startServe, stopServe, stopServeProcess, test, testEnv } from './serve-fixture';

// A fixed port, so the page can find `zedops serve` again after it restarts.
const port = 31250;

test.describe('a dropped connection', () => {
  let home: string;
  let child: ChildProcess | undefined;

  test.afterAll(async () => {
    if (child) await stopServe(child, home);
  });

  test('says it is reconnecting, then catches up on what changed meanwhile and says so', async ({ page }) => {
    test.setTimeout(90_000);
    home = freshHome();
    const env = { DOCKER_HOST: 'unix:///nonexistent/zedops/docker.sock' };
    let started = await startServe(env, home, port);
    child = started.child;
    await page.goto(started.handle.openUrl);
    const header = page.getByRole('banner').getByRole('status');
    await expect(header).toHaveText('Connected');

    await stopServeProcess(child);
    await expect(header).toHaveText('Connection lost, reconnecting…');
    // Changed while the page could not hear about it.
    zedops(home, 'host', 'add', 'later', '--docker', testEnv().dockerHost, '--data-root', '/tmp/zedops-ui3-later');
    await page.screenshot({ path: 'test-results/screenshots/reconnect-1-lost.png', fullPage: true });

    started = await startServe(env, home, port);
    child = started.child;
    await expect(header).toHaveText('Reconnected — caught up', { timeout: 20_000 });
    await expect(page.getByRole('article', { name: 'Host later' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screenshots/reconnect-2-caught-up.png', fullPage: true });
    await expect(header).toHaveText('Connected', { timeout: 10_000 });
  });
});
