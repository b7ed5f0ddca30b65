import type { Locator, Page } from '@playwright/test';
import { BoxScene } from './box-scene';
import { expect, test, testEnv, type ServeHandle } from './serve-fixture';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/create-${name}.png`, fullPage: true });

const suffix = Date.now().toString(36);
const holder = 'ui2-holder';
const badImage = '127.0.0.1:5000/zedops/no-such:1';

/** Types a server's ports into the dialog, as a user would. */
async function fillPorts(dialog: Locator, game: number, udp: number, rcon: number): Promise<void> {
  await dialog.getByRole('textbox', { name: 'Game port' }).fill(String(game));
  await dialog.getByRole('textbox', { name: 'UDP port' }).fill(String(udp));
  await dialog.getByRole('textbox', { name: 'RCON port' }).fill(String(rcon));
}

test.describe('the Create server dialog and Edit & Retry on a real dockerd', () => {
  // Tall enough that the screenshots show the whole dialog.
  test.use({ viewport: { width: 1280, height: 1400 } });
  let serve: ServeHandle;
  let scene: BoxScene | undefined;

  test.beforeAll(async () => {
    scene = await BoxScene.start('ui2-', [[holder, 31101]]);
    ({ serve } = scene);
  });

  test.afterAll(async () => {
    await scene?.stop();
  });

  test('validates as you type, names port conflicts, and creates a running server with progress', async ({ page }) => {
    test.setTimeout(120_000);
    const name = `ui2-a-${suffix}`;
    await page.goto(serve.openUrl);
    await expect(page.getByRole('article', { name: `Server ${holder}` }).getByRole('status')).toHaveText('Running', {
      timeout: 15_000,
    });

    await test.step('Escape closes the dialog without doing anything', async () => {
      await page.getByRole('button', { name: 'Create server' }).click();
      await expect(page.getByRole('dialog', { name: 'Create server' })).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog', { name: 'Create server' })).toHaveCount(0);
    });

    await page.getByRole('button', { name: 'Create server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create server' });
    const nameField = dialog.getByRole('textbox', { name: 'Name', exact: true });
    const gamePort = dialog.getByRole('textbox', { name: 'Game port' });
    const create = dialog.getByRole('button', { name: 'Create' });

    await test.step('it opens on the only host, focused on the name, with free ports suggested', async () => {
      await expect(dialog.getByRole('combobox', { name: 'Host' })).toContainText('box');
      await expect(nameField).toBeFocused();
      await expect(gamePort).toHaveValue(/^\d{4,5}$/);
      await expect(dialog.getByRole('textbox', { name: 'UDP port' })).toHaveValue(/^\d{4,5}$/);
      await expect(dialog.getByRole('textbox', { name: 'RCON port' })).toHaveValue(/^\d{4,5}$/);
      await expect(dialog.getByRole('textbox', { name: 'Image' })).toHaveValue(
        'renegademaster/zomboid-dedicated-server:latest',
      );
      await expect(dialog.getByText('Without it RCON stays off.')).toBeVisible();
      await expect(create).toBeDisabled();
      await shot(page, '1-empty');
    });

    await test.step('a bad name is explained under the field and Create stays disabled', async () => {
      await nameField.fill('Bad_Name');
      await expect(nameField).toHaveAttribute('aria-invalid', 'true');
      await expect(nameField).toHaveAccessibleDescription(/lowercase letters, digits and hyphens/);
      await dialog.getByLabel('Admin password').fill('ui2-admin');
      await expect(create).toBeDisabled();
    });

    await test.step("a port another server holds is named as that server's", async () => {
      await gamePort.fill('31101');
      await expect(gamePort).toHaveAttribute('aria-invalid', 'true');
      await expect(gamePort).toHaveAccessibleDescription(new RegExp(holder));
      await expect(create).toBeDisabled();
      await shot(page, '2-errors');
    });

    await test.step('an advanced env row refuses a variable ZedOps sets itself', async () => {
      await dialog.getByText('Advanced: more environment variables').click();
      await dialog.getByRole('button', { name: 'Add variable' }).click();
      const key = dialog.getByRole('textbox', { name: 'Variable 1 name' });
      await key.fill('RCON_PASSWORD');
      await expect(key).toHaveAccessibleDescription(/ZedOps sets this variable itself/);
      await dialog.getByRole('button', { name: 'Remove variable 1' }).click();
      await expect(key).toHaveCount(0);
    });

    await test.step('fixing both enables Create', async () => {
      await nameField.fill(name);
      await expect(nameField).toHaveAttribute('aria-invalid', 'false');
      await fillPorts(dialog, 31104, 31105, 31106);
      await expect(gamePort).toHaveAttribute('aria-invalid', 'false');
      await dialog.getByRole('textbox', { name: 'Image' }).fill(testEnv().pzSimImage);
      await dialog.getByRole('textbox', { name: 'Max players' }).fill('8');
      await expect(create).toBeEnabled();
    });

    await test.step('a name already taken is refused in the dialog, which stays open', async () => {
      await nameField.fill(holder);
      await create.click();
      await expect(dialog.getByRole('alert')).toContainText(holder);
      await expect(dialog).toBeVisible();
      await shot(page, '2b-refused');
      await nameField.fill(name);
      await expect(create).toBeEnabled();
    });

    await test.step('Create shows progress, then the card shows it running', async () => {
      await create.click();
      await expect(dialog.getByRole('progressbar', { name: `Creating ${name}` })).toBeVisible();
      await shot(page, '3-progress');
      await expect(dialog).toHaveCount(0, { timeout: 60_000 });
      const card = page.getByRole('article', { name: `Server ${name}` });
      await expect(card.getByRole('status')).toHaveText('Running', { timeout: 30_000 });
      await expect(card).toContainText('game 31104/udp · 31105/udp · RCON 31106/tcp');
      await expect(card).toContainText(testEnv().pzSimImage);
      await shot(page, '4-created');
    });
  });

  test('a failed create is fixed with Edit & Retry on the same card', async ({ page }) => {
    test.setTimeout(120_000);
    const name = `ui2-b-${suffix}`;
    await page.goto(serve.openUrl);
    const card = page.getByRole('article', { name: `Server ${name}` });

    await test.step('a create with an image that does not exist ends failed, and the card says why', async () => {
      await page.getByRole('button', { name: 'Create server' }).click();
      const dialog = page.getByRole('dialog', { name: 'Create server' });
      await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
      await dialog.getByRole('textbox', { name: 'Image' }).fill(badImage);
      await fillPorts(dialog, 31107, 31108, 31109);
      await dialog.getByLabel('Admin password').fill('ui2-admin');
      await dialog.getByRole('textbox', { name: 'Public name' }).fill('South');
      await dialog.getByText('Advanced: more environment variables').click();
      await dialog.getByRole('button', { name: 'Add variable' }).click();
      await dialog.getByRole('textbox', { name: 'Variable 1 name' }).fill('TZ');
      await dialog.getByRole('textbox', { name: 'Variable 1 value' }).fill('UTC');
      await dialog.getByRole('button', { name: 'Create' }).click();
      await expect(dialog).toHaveCount(0, { timeout: 60_000 });
      await expect(card.getByRole('status')).toHaveText('Failed', { timeout: 30_000 });
      await expect(card).toContainText('Last error:');
      await expect(card).toContainText('no-such');
      await expect(card).toContainText('game 31107/udp · 31108/udp · RCON 31109/tcp');
      await shot(page, '5-failed');
    });

    await test.step('Edit & Retry opens the same dialog, filled in from the server', async () => {
      await card.getByRole('button', { name: 'Edit & Retry' }).click();
      const dialog = page.getByRole('dialog', { name: `Edit & Retry ${name}` });
      await expect(dialog.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue(name);
      await expect(dialog.getByRole('textbox', { name: 'Name', exact: true })).toHaveAttribute('readonly', '');
      await expect(dialog.getByRole('combobox', { name: 'Host' })).toBeDisabled();
      await expect(dialog.getByRole('textbox', { name: 'Image' })).toHaveValue(badImage);
      await expect(dialog.getByRole('textbox', { name: 'Game port' })).toHaveValue('31107');
      await expect(dialog.getByRole('textbox', { name: 'RCON port' })).toHaveValue('31109');
      await expect(dialog.getByRole('textbox', { name: 'Public name' })).toHaveValue('South');
      await expect(dialog.getByLabel('Admin password')).toHaveValue('');
      await expect(dialog.getByRole('textbox', { name: 'Variable 1 name' })).toHaveValue('TZ');
      await expect(dialog.getByRole('textbox', { name: 'Variable 1 value' })).toHaveValue('UTC');
      await expect(dialog.getByLabel('Admin password')).toHaveAccessibleDescription(
        'Leave empty to keep the stored one.',
      );
      await expect(dialog.getByRole('textbox', { name: 'Image' })).toBeFocused();
      await shot(page, '6-retry-dialog');
    });

    await test.step('with the right image it runs, on the same card', async () => {
      const dialog = page.getByRole('dialog', { name: `Edit & Retry ${name}` });
      await dialog.getByRole('textbox', { name: 'Image' }).fill(testEnv().pzSimImage);
      await dialog.getByRole('button', { name: 'Retry' }).click();
      await expect(dialog.getByRole('progressbar', { name: `Retrying ${name}` })).toBeVisible();
      await shot(page, '7-retry-progress');
      await expect(dialog).toHaveCount(0, { timeout: 60_000 });
      await expect(card.getByRole('status')).toHaveText('Running', { timeout: 30_000 });
      await expect(card).toHaveCount(1);
      await expect(card).toContainText(testEnv().pzSimImage);
      await expect(card).not.toContainText('Last error:');
      await expect(page.getByRole('heading', { name, exact: true })).toHaveCount(1);
      await shot(page, '8-retried');
    });
  });
});
