import type { Page } from '@playwright/test';
import { BoxScene } from './box-scene';
import { testDocker, zedops } from './fleet-cli';
import { expect, test, testEnv, type ServeHandle } from './serve-fixture';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/fleet-tools-${name}.png`, fullPage: true });

const suffix = Date.now().toString(36);
const alpha = `ui3-alpha-${suffix}`;
const bravo = `ui3-bravo-${suffix}`;

test.describe.serial('fleet tools: filters, history, bulk purge and adding a host', () => {
  let home: string;
  let dataRoot: string;
  let serve: ServeHandle;
  let scene: BoxScene | undefined;

  test.beforeAll(async () => {
    scene = await BoxScene.start('ui3-', [
      [alpha, 31201],
      [bravo, 31211],
    ]);
    ({ serve, home, dataRoot } = scene);
  });

  test.afterAll(async () => {
    await scene?.stop();
  });

  test('search, host and status narrow the cards, and an empty result offers Clear filters', async ({ page }) => {
    await page.goto(serve.openUrl);
    const cardA = page.getByRole('article', { name: `Server ${alpha}` });
    const cardB = page.getByRole('article', { name: `Server ${bravo}` });
    await expect(cardA.getByRole('status')).toHaveText('Running', { timeout: 15_000 });
    await expect(cardB.getByRole('status')).toHaveText('Running');

    const search = page.getByRole('searchbox', { name: 'Search' });
    await search.fill('ALPHA');
    await expect(cardA).toBeVisible();
    await expect(cardB).toHaveCount(0);
    await shot(page, '1-search');

    await search.fill('box');
    await expect(cardA).toBeVisible();
    await expect(cardB).toBeVisible();

    await search.fill('');
    await page.getByRole('combobox', { name: 'Status' }).selectOption('stopped');
    await expect(page.getByText('No servers match these filters.')).toBeVisible();
    await expect(cardA).toHaveCount(0);
    await shot(page, '2-no-match');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect(cardA).toBeVisible();
    await expect(cardB).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('all');

    const box = await page
      .getByRole('combobox', { name: 'Host' })
      .locator('option', { hasText: 'box' })
      .getAttribute('value');
    await page.getByRole('combobox', { name: 'Host' }).selectOption(box ?? '');
    await expect(cardA).toBeVisible();
    await expect(cardB).toBeVisible();
  });

  test('History shows the creation, and a docker stop by hand while it is open', async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto(serve.openUrl);
    const card = page.getByRole('article', { name: `Server ${bravo}` });
    await expect(card.getByRole('status')).toHaveText('Running', { timeout: 15_000 });
    await card.getByText('History', { exact: true }).click();
    const list = card.getByRole('list', { name: `Recent history of ${bravo}` });
    await expect(list).toBeVisible();
    await expect(list.getByRole('listitem').last()).toContainText('→ Creating');
    await expect(list).toContainText('(user)');

    await testDocker().getContainer(`zedops-${bravo}`).stop({ t: 5 });
    await expect(card.getByRole('status')).toHaveText('Stopped', { timeout: 30_000 });
    const first = list.getByRole('listitem').first();
    await expect(first).toContainText('Running → Stopped');
    await expect(first).toContainText('Stopped outside ZedOps');
    await expect(first).toContainText('(ZedOps (reconciler))');
    await shot(page, '3-history');
  });

  test('Purge deleted (2) lists both names, says the data goes, and removes both', async ({ page }) => {
    test.setTimeout(120_000);
    zedops(home, 'server', 'delete', alpha);
    zedops(home, 'server', 'delete', bravo);
    await page.goto(serve.openUrl);
    const hostCard = page.getByRole('article', { name: 'Host box' });
    await expect(hostCard.getByRole('button', { name: 'Clean up failed' })).toHaveCount(0);
    const purgeAll = hostCard.getByRole('button', { name: 'Purge deleted (2)' });
    await expect(purgeAll).toBeVisible({ timeout: 15_000 });
    await purgeAll.click();
    const dialog = page.getByRole('dialog', { name: 'Purge 2 deleted servers on box?' });
    await expect(dialog.getByRole('listitem')).toHaveText([alpha, bravo]);
    await expect(dialog).toContainText('world data on the host is removed for good');
    await shot(page, '4-purge-dialog');
    await dialog.getByRole('button', { name: 'Purge all' }).click();
    await expect(hostCard.getByRole('status').filter({ hasText: 'Purged' })).toHaveText(
      `Purged 2 servers (${alpha} and ${bravo}) and their world data.Dismiss`,
      { timeout: 60_000 },
    );
    await expect(purgeAll).toHaveCount(0);
    await page.getByRole('checkbox', { name: /Show deleted/ }).check();
    await expect(page.getByRole('article', { name: /^Server ui3-/ })).toHaveCount(0);
    await expect(page.getByText('No servers yet.')).toBeVisible();
    await shot(page, '5-purged');
  });

  test('Clean up failed (1) says the data is kept and forgets the failed server', async ({ page }) => {
    test.setTimeout(120_000);
    const broken = `ui3-broken-${suffix}`;
    expect(() =>
      zedops(
        home,
        'server',
        'create',
        broken,
        '--host',
        'box',
        '--image',
        '127.0.0.1:5000/zedops/no-such:1',
        '--game-port',
        '31221',
        '--rcon-port',
        '31223',
      ),
    ).toThrow();
    await page.goto(serve.openUrl);
    const hostCard = page.getByRole('article', { name: 'Host box' });
    await expect(page.getByRole('article', { name: `Server ${broken}` }).getByRole('status')).toHaveText('Failed');
    await hostCard.getByRole('button', { name: 'Clean up failed (1)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Clean up 1 failed server on box?' });
    await expect(dialog).toContainText('Their world data on the host is kept.');
    await expect(dialog).toContainText(broken);
    await dialog.getByRole('button', { name: 'Clean up' }).click();
    await expect(hostCard.getByRole('status').filter({ hasText: 'Cleaned up' })).toContainText(
      `Cleaned up 1 server (${broken}); their world data is kept on the host.`,
      { timeout: 60_000 },
    );
    await expect(page.getByRole('article', { name: `Server ${broken}` })).toHaveCount(0);
    await shot(page, '6-cleaned-up');
  });

  test('Add host: a wrong address is refused inline, a right one appears Online', async ({ page }) => {
    await page.goto(serve.openUrl);
    await expect(page.getByRole('article', { name: 'Host box' })).toBeVisible();
    await page.getByRole('button', { name: 'Add host' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add host' });
    await expect(dialog.getByRole('textbox', { name: 'Docker socket address' })).toHaveValue(
      'unix:///var/run/docker.sock',
    );
    await expect(dialog.getByRole('textbox', { name: 'Data root' })).toHaveValue('/var/lib/zedops/servers');
    const add = dialog.getByRole('button', { name: 'Add host' });
    await expect(add).toBeDisabled();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('box');
    await dialog.getByRole('textbox', { name: 'Docker socket address' }).fill(testEnv().dockerHost);
    await dialog.getByRole('textbox', { name: 'Data root' }).fill(dataRoot);
    await add.click();
    await expect(dialog.getByRole('alert')).toContainText('There is already a host named "box"');
    await shot(page, '7-add-host-error');

    await dialog.getByRole('textbox', { name: 'Name' }).fill('second');
    await add.click();
    await expect(dialog).toHaveCount(0, { timeout: 15_000 });
    const second = page.getByRole('article', { name: 'Host second' });
    await expect(second.getByRole('status')).toHaveText(/Online/, { timeout: 30_000 });
    await expect(page.getByRole('combobox', { name: 'Host' }).locator('option')).toHaveText([
      'All hosts',
      'box',
      'second',
    ]);
    await shot(page, '8-host-added');
  });
});
