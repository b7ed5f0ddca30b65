import { expect, test, testEnv } from './serve-fixture';

test.describe('browser mode with a reachable Docker socket', () => {
  test('shows "This computer" online with its Docker version', async ({ page, serve }) => {
    await page.goto(serve.openUrl);
    await expect(page.getByRole('heading', { name: 'ZedOps', level: 1 })).toBeVisible();
    const card = page.getByRole('article', { name: 'Host This computer' });
    await expect(card).toBeVisible();
    await expect(card.getByRole('status')).toHaveText(/Online/);
    await expect(card).toContainText(`Docker ${testEnv().dockerVersion}`);
    await expect(card).toContainText(testEnv().dockerHost);
    // The token leaves the address bar once the page has it.
    expect(page.url()).not.toContain('token=');
    await page.screenshot({ path: 'test-results/screenshots/hosts-this-computer.png', fullPage: true });
  });

  test('refuses a page opened without the token and shows no hosts', async ({ page, serve }) => {
    await page.goto(serve.url);
    await expect(page.getByText(/Not authorised/)).toBeVisible();
    await expect(page.getByRole('article')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/unauthorised.png', fullPage: true });
  });
});

test.describe('browser mode with no Docker socket', () => {
  test.use({ serveEnv: { DOCKER_HOST: 'unix:///nonexistent/zedops/docker.sock' } });

  test('says what to do instead of listing hosts', async ({ page, serve }) => {
    await page.goto(serve.openUrl);
    await expect(page.getByText(/No hosts yet/)).toBeVisible();
    await expect(page.getByRole('article')).toHaveCount(0);
    await page.screenshot({ path: 'test-results/screenshots/hosts-empty.png', fullPage: true });
  });
});
