import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { TestEnv } from '../testenv/testenv';
import { expect, startServe, stopServe, test, testEnv, type ServeHandle } from './serve-fixture';

// Remote hosts added through the Add host dialog, against the test environment's
// sshd (127.0.0.1:2222) and its dockerd's mutual-TLS listener (127.0.0.1:2376).
// Each test runs its own `zedops serve`, on a port of its own (31401+).

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/remote-hosts-${name}.png`, fullPage: true });

/** The test environment, with the helper image a TLS host may be given (when the environment provides one). */
const env = () => testEnv() as TestEnv & { helperImage?: string };

interface Scene {
  serve: ServeHandle;
  child: ChildProcess;
  dataRoot: string;
}

async function startScene(port: number): Promise<Scene> {
  // "This computer" is the test dockerd too, so the page has a host from the start.
  const { handle, child } = await startServe({ DOCKER_HOST: env().dockerHost }, undefined, port);
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'zedops-e2e-remote-'));
  return { serve: handle, child, dataRoot };
}

async function stopScene(scene: Scene | undefined): Promise<void> {
  if (!scene) return;
  await stopServe(scene.child, scene.serve.home);
  fs.rmSync(scene.dataRoot, { recursive: true, force: true });
}

async function openAddHost(page: Page, scene: Scene): Promise<Locator> {
  await page.goto(scene.serve.openUrl);
  await expect(page.getByRole('article', { name: 'Host This computer' })).toBeVisible();
  await page.getByRole('button', { name: 'Add host' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add host' });
  await expect(dialog.getByRole('radiogroup', { name: 'Connection' })).toBeVisible();
  return dialog;
}

async function fillTls(dialog: Locator, name: string, dataRoot: string, caFile: string): Promise<void> {
  const { tls, helperImage } = env();
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('radio', { name: 'Remote Docker over TLS' }).check();
  await expect(dialog.getByRole('radio', { name: 'Certificate files' })).toBeChecked();
  await dialog.getByRole('textbox', { name: 'Docker address' }).fill(`tcp://${tls.host}:${tls.port}`);
  await dialog.getByRole('textbox', { name: 'CA certificate file' }).fill(caFile);
  await dialog.getByRole('textbox', { name: 'Client certificate file' }).fill(tls.cert);
  await dialog.getByRole('textbox', { name: 'Client key file' }).fill(tls.key);
  if (helperImage) await dialog.getByRole('textbox', { name: 'Helper image (optional)' }).fill(helperImage);
  await dialog.getByRole('textbox', { name: 'Data root' }).fill(dataRoot);
}

test.describe('remote hosts from the Add host dialog', () => {
  let scene: Scene | undefined;
  test.afterEach(async () => {
    await stopScene(scene);
    scene = undefined;
  });

  test('SSH: the host key is shown and must be confirmed; then the host is online and its test lists the operations', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    scene = await startScene(31401);
    const { ssh, dockerSocket, dockerVersion } = env();
    const address = `${ssh.user}@${ssh.host}:${ssh.port}`;
    const dialog = await openAddHost(page, scene);
    const add = dialog.getByRole('button', { name: 'Add host' });

    await dialog.getByRole('textbox', { name: 'Name' }).fill('ssh-box');
    await dialog.getByRole('radio', { name: 'SSH' }).check();
    await dialog.getByRole('textbox', { name: 'SSH address' }).fill(address);
    await dialog.getByRole('textbox', { name: 'Key file (optional)' }).fill(ssh.identity);
    await dialog.getByRole('textbox', { name: 'Docker socket on the host (optional)' }).fill(dockerSocket);
    await dialog.getByRole('textbox', { name: 'Data root' }).fill(scene.dataRoot);
    // Everything is filled in, but nothing can be added before the host key is checked and confirmed.
    await expect(add).toBeDisabled();
    await shot(page, '1-ssh-filled');

    await dialog.getByRole('button', { name: 'Check host key' }).click();
    const key = dialog.getByRole('definition').filter({ hasText: /^SHA256:/ });
    await expect(key).toHaveText(ssh.hostKeyFingerprint);
    const block = dialog.getByLabel('Host key presented');
    await expect(block).toContainText(ssh.host);
    await expect(block).toContainText(String(ssh.port));
    await expect(block).toContainText(ssh.hostPublicKey.split(' ')[0] ?? 'ssh-ed25519');
    await expect(dialog).toContainText('ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub');
    const confirm = dialog.getByRole('checkbox', { name: 'This is the right key' });
    await expect(confirm).toBeFocused();
    await expect(confirm).not.toBeChecked();
    await expect(add).toBeDisabled();
    await shot(page, '2-ssh-host-key');

    // Confirming enables Add; changing the address afterwards takes the confirmation back.
    await confirm.check();
    await expect(add).toBeEnabled();
    await dialog.getByRole('textbox', { name: 'SSH address' }).fill(`${address}0`);
    await expect(confirm).toHaveCount(0);
    await expect(key).toHaveCount(0);
    await expect(add).toBeDisabled();
    await dialog.getByRole('textbox', { name: 'SSH address' }).fill(address);
    await expect(confirm).toHaveCount(0);
    await expect(add).toBeDisabled();

    await dialog.getByRole('button', { name: 'Check host key' }).click();
    await expect(key).toHaveText(ssh.hostKeyFingerprint);
    await confirm.check();
    await add.click();
    await expect(dialog).toHaveCount(0, { timeout: 30_000 });

    const card = page.getByRole('article', { name: 'Host ssh-box' });
    await expect(card.getByRole('status')).toHaveText(/Online/, { timeout: 30_000 });
    await expect(card).toContainText(`Docker ${dockerVersion}`);
    await expect(card.getByText('SSH', { exact: true })).toBeVisible();
    await shot(page, '3-ssh-online');

    await card.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByRole('dialog', { name: 'Test connection: ssh-box' });
    const operations = result.getByRole('table', { name: 'Operations' });
    await expect(operations).toBeVisible({ timeout: 30_000 });
    await expect(result).toContainText(`Docker ${dockerVersion}`);
    await expect(result).toContainText(/Round trip\s*[\d.]+ ms/);
    const rows = operations.getByRole('row');
    // A header row, then one row per operation: its name, Yes or No, and a detail.
    expect(await rows.count()).toBeGreaterThan(2);
    for (const row of (await rows.all()).slice(1)) {
      await expect(row.getByRole('cell').first()).toHaveText(/^\S+ (Yes|No)$/);
      await expect(row.getByRole('cell').nth(1)).not.toBeEmpty();
    }
    await expect(operations.getByRole('row', { name: /Docker API/ })).toContainText('Yes');
    await shot(page, '4-ssh-test');
    await result.getByRole('button', { name: 'Close' }).click();
    await expect(result).toHaveCount(0);
    await expect(card.getByRole('button', { name: 'Test connection' })).toBeFocused();
  });

  test('TLS with the right certificates: the host is online', async ({ page }) => {
    scene = await startScene(31402);
    const dialog = await openAddHost(page, scene);
    await fillTls(dialog, 'tls-box', scene.dataRoot, env().tls.ca);
    await shot(page, '5-tls-filled');
    await dialog.getByRole('button', { name: 'Add host' }).click();
    await expect(dialog).toHaveCount(0, { timeout: 30_000 });

    const card = page.getByRole('article', { name: 'Host tls-box' });
    await expect(card.getByRole('status')).toHaveText(/Online/, { timeout: 30_000 });
    await expect(card).toContainText(`Docker ${env().dockerVersion}`);
    await expect(card.getByText('TLS', { exact: true })).toBeVisible();
    await expect(card).toContainText(`tcp://${env().tls.host}:${env().tls.port}`);
    await shot(page, '6-tls-online');
  });

  test('TLS with a CA that did not sign the host’s certificate: the core’s error, and no host', async ({ page }) => {
    scene = await startScene(31403);
    const dialog = await openAddHost(page, scene);
    await fillTls(dialog, 'tls-wrong-ca', scene.dataRoot, env().tls.otherCa);
    await dialog.getByRole('button', { name: 'Add host' }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toContainText(/certificate|CA/);
    // A sentence for people, not a stack trace.
    await expect(alert).not.toContainText(/\bat .+:\d+:\d+/);
    await expect(dialog.getByRole('button', { name: 'Add host' })).toBeEnabled();
    await shot(page, '7-tls-wrong-ca');

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    await page.reload();
    await expect(page.getByRole('article', { name: 'Host This computer' })).toBeVisible();
    await expect(page.getByRole('article', { name: /^Host / })).toHaveCount(1);
    await expect(page.getByRole('combobox', { name: 'Host' }).locator('option')).toHaveText([
      'All hosts',
      'This computer',
    ]);
  });
});
