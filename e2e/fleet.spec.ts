import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { allowedActions, type ServerStatus } from '../electron/shared/lifecycle';
import { BoxScene } from './box-scene';
import { testDocker } from './fleet-cli';
import { expect, test, testEnv, type ServeHandle } from './serve-fixture';

const labels: Record<string, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  recover: 'Recover',
  retry: 'Edit & Retry',
  rebuild: 'Rebuild',
  delete: 'Delete',
  restore: 'Restore',
  purge: 'Purge',
};

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/fleet-${name}.png`, fullPage: true });

/** The card shows the status word and exactly the buttons the lifecycle allows in it. */
async function expectStatus(card: Locator, status: ServerStatus, word: string, timeout = 15_000): Promise<void> {
  await expect(card.getByRole('status')).toHaveText(word, { timeout });
  const buttons = card.getByRole('group', { name: /^Actions for / }).getByRole('button');
  await expect(buttons).toHaveText(allowedActions(status).map((a) => labels[a] ?? a));
}

test.describe('the fleet view on a real dockerd', () => {
  const name = `ui-${Date.now().toString(36)}`;
  let dataRoot: string;
  let serve: ServeHandle;
  let scene: BoxScene | undefined;

  test.beforeAll(async () => {
    scene = await BoxScene.start('ui-', [[name, 31001]]);
    ({ serve, dataRoot } = scene);
  });

  test.afterAll(async () => {
    await scene?.stop();
  });

  test('follows Docker without reloading, and walks a server from running to purged', async ({ page }) => {
    test.setTimeout(180_000);
    const docker = testDocker();
    const container = docker.getContainer(`zedops-${name}`);
    await page.goto(serve.openUrl);

    const hostCard = page.getByRole('article', { name: 'Host box' });
    const card = page.getByRole('article', { name: `Server ${name}` });

    await test.step('the card shows the server running, with its image, ports and data', async () => {
      await expectStatus(card, 'running', 'Running');
      await expect(card).toContainText(testEnv().pzSimImage);
      await expect(card).toContainText('game 31001/udp · 31002/udp · RCON 31003/tcp');
      await expect(card).toContainText('world data on host');
      await expect(hostCard).toContainText('1 running');
      await expect(hostCard.getByRole('status')).toHaveText(/Online/);
      await shot(page, '1-running');
      await page.emulateMedia({ colorScheme: 'dark' });
      await shot(page, '1-running-dark');
      await page.emulateMedia({ colorScheme: 'light' });
    });

    await test.step('docker stop: the badge turns Stopped without a reload', async () => {
      await container.stop({ t: 5 });
      await expectStatus(card, 'stopped', 'Stopped', 30_000);
      await shot(page, '2-stopped');
    });

    await test.step('docker rm -f: the server is Missing and offers Recover', async () => {
      await container.remove({ force: true });
      await expectStatus(card, 'missing', 'Missing', 30_000);
      await expect(hostCard).toContainText('1 missing');
      await shot(page, '3-missing');
    });

    await test.step('Recover brings it back running', async () => {
      await card.getByRole('button', { name: 'Recover' }).click();
      await expectStatus(card, 'running', 'Running', 60_000);
      await shot(page, '4-recovered');
    });

    await test.step('Delete asks first (Escape cancels), then hides the card', async () => {
      await card.getByRole('button', { name: 'Delete' }).click();
      let dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
      await expect(dialog).toContainText('world data, settings and ports are kept until it is purged');
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expectStatus(card, 'running', 'Running');

      await card.getByRole('button', { name: 'Delete' }).click();
      dialog = page.getByRole('dialog', { name: `Delete ${name}?` });
      await shot(page, '5-delete-dialog');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await expect(card).toHaveCount(0, { timeout: 30_000 });
      await expect(page.getByText('No active servers.')).toBeVisible();
      await shot(page, '6-deleted-hidden');
    });

    await test.step('"Show deleted" shows it as Deleted with Restore and Purge', async () => {
      await page.getByRole('checkbox', { name: /Show deleted/ }).check();
      await expectStatus(card, 'deleted', 'Deleted');
      await expect(card).toContainText('purged automatically in');
      await shot(page, '7-show-deleted');
    });

    await test.step('Restore makes it Missing again', async () => {
      await card.getByRole('button', { name: 'Restore' }).click();
      await expectStatus(card, 'missing', 'Missing');
    });

    await test.step('Purge needs the name typed, then the card is gone', async () => {
      await card.getByRole('button', { name: 'Purge' }).click();
      const dialog = page.getByRole('dialog', { name: `Purge ${name}?` });
      const confirm = dialog.getByRole('button', { name: 'Purge' });
      const typed = dialog.getByRole('textbox', { name: `Type ${name} to confirm` });
      await expect(typed).toBeFocused();
      await expect(confirm).toBeDisabled();
      await expect(dialog).toContainText('will be removed for good');
      await dialog.getByRole('checkbox', { name: 'Keep the world data' }).check();
      await expect(dialog).toContainText('will be kept');
      await dialog.getByRole('checkbox', { name: 'Keep the world data' }).uncheck();
      await typed.fill(name.slice(0, -1));
      await expect(confirm).toBeDisabled();
      await typed.fill(name);
      await expect(confirm).toBeEnabled();
      await shot(page, '8-purge-dialog');
      await confirm.click();
      await expect(card).toHaveCount(0, { timeout: 30_000 });
      await expect(hostCard).toContainText('none');
      await expect(page.getByText('No servers yet.')).toBeVisible();
      await page.getByRole('button', { name: 'Create your first server' }).click();
      await expect(page.getByRole('dialog', { name: 'Create server' })).toBeVisible();
      await page.getByRole('button', { name: 'Cancel' }).click();
      await expect(page.getByRole('dialog', { name: 'Create server' })).toHaveCount(0);
      expect(fs.existsSync(path.join(dataRoot, name))).toBe(false);
      await shot(page, '9-purged');
    });
  });
});
