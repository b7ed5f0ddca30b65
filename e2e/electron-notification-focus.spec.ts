import type { Page } from '@playwright/test';
import { BoxScene } from './box-scene';
import { zedops } from './fleet-cli';
import { expect, test, type ServeHandle } from './serve-fixture';

// The page's side of "clicking a desktop notification focuses the server's card", in Chromium:
// the Electron shell brings the window up and navigates it to the same page with #server=<id>
// (or #host=<id>), a same-document navigation, exactly what page.goto does here.

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/notification-focus-${name}.png`, fullPage: true });

const suffix = Date.now().toString(36);
const north = `ui5-north-${suffix}`;
const south = `ui5-south-${suffix}`;

test.describe.serial('a notification click focuses the card it is about', () => {
  let home: string;
  let serve: ServeHandle;
  let scene: BoxScene | undefined;
  const idOf = (what: 'server' | 'host', name: string) =>
    (JSON.parse(zedops(home, what, 'show', name, '--json')) as { id: string }).id;

  test.beforeAll(async () => {
    scene = await BoxScene.start('ui5-', [
      [north, 31701],
      [south, 31711],
    ]);
    ({ serve, home } = scene);
    // South is deleted and waits for its purge: the card a "purged within the hour" notice opens.
    zedops(home, 'server', 'delete', south);
  });

  test.afterAll(async () => {
    await scene?.stop();
  });

  test('a server hidden by the filters: they clear, and its card takes focus', async ({ page }) => {
    await page.goto(serve.openUrl);
    const card = page.getByRole('article', { name: `Server ${north}` });
    await expect(card.getByRole('status')).toHaveText('Running', { timeout: 15_000 });
    await page.getByRole('combobox', { name: 'Status' }).selectOption('stopped');
    await expect(card).toHaveCount(0);

    await page.goto(`${serve.url}#server=${encodeURIComponent(idOf('server', north))}`);
    await expect(card).toBeFocused();
    await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('all');
    // The request leaves the address once served, so the next click on the same card works again.
    await expect.poll(() => page.url()).not.toContain('#server=');
    await shot(page, '1-filter-cleared');

    await page.getByRole('searchbox', { name: 'Search' }).focus();
    await page.goto(`${serve.url}#server=${encodeURIComponent(idOf('server', north))}`);
    await expect(card).toBeFocused();
  });

  test('a deleted server about to be purged: deleted servers show, and its card takes focus', async ({ page }) => {
    await page.goto(serve.openUrl);
    const showDeleted = page.getByRole('checkbox', { name: /Show deleted/ });
    await expect(showDeleted).not.toBeChecked();
    const card = page.getByRole('article', { name: `Server ${south}` });
    await expect(card).toHaveCount(0);

    await page.goto(`${serve.url}#server=${encodeURIComponent(idOf('server', south))}`);
    await expect(card).toBeFocused();
    await expect(showDeleted).toBeChecked();
    await expect(card.getByRole('status')).toHaveText('Deleted');
    await shot(page, '2-deleted-shown');
  });

  test('a host offline: the host’s card takes focus', async ({ page }) => {
    await page.goto(serve.openUrl);
    await expect(page.getByRole('article', { name: `Server ${north}` })).toBeVisible({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Create server' }).focus();
    await page.goto(`${serve.url}#host=${encodeURIComponent(idOf('host', 'box'))}`);
    await expect(page.getByRole('article', { name: 'Host box' })).toBeFocused();
  });

  test('a window opened by the click focuses the card once the fleet has loaded', async ({ page }) => {
    await page.goto(serve.openUrl);
    await expect(page.getByRole('article', { name: `Server ${north}` })).toBeVisible({ timeout: 15_000 });
    // With no window open the shell opens a new one on the page with the hash: a fresh load, fleet not yet there.
    const id = idOf('server', north);
    await page.evaluate(
      (hash) => {
        const { history, location } = globalThis as unknown as {
          history: { replaceState(data: null, unused: string, url: string): void };
          location: { pathname: string; reload(): void };
        };
        history.replaceState(null, '', `${location.pathname}${hash}`);
        location.reload();
      },
      `#server=${encodeURIComponent(id)}`,
    );
    await expect(page.getByRole('article', { name: `Server ${north}` })).toBeFocused({ timeout: 15_000 });
  });
});
