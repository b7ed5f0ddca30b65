import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { builtAgentBundle, makeAgentCerts, startAgent, tempDir, type AgentProcess } from './agent-fixture';
import { zedops } from './fleet-cli';
import { expect, freshHome, startServe, stopServe, test, testEnv, type ServeHandle } from './serve-fixture';

// ZedOps agent hosts: installing the agent on an SSH host from its card (this
// machine has no systemd, so the agent is started here by the test, as the
// dialog says), and adding agent hosts over mutual TLS and through SSH from
// the Add host dialog. Everything the agent writes goes to temp dirs; ports 31501+.

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/agent-hosts-${name}.png`, fullPage: true });

interface Running {
  serve?: { child: ChildProcess; handle: ServeHandle };
  agents: AgentProcess[];
  dirs: string[];
}

async function cleanUp(r: Running): Promise<void> {
  // ZedOps first, so it does not watch the agent go away; then the agents, then their files.
  if (r.serve) await stopServe(r.serve.child, r.serve.handle.home);
  for (const a of r.agents) await a.stop();
  for (const d of r.dirs) fs.rmSync(d, { recursive: true, force: true });
}

test.describe('install the agent on an SSH host', () => {
  const running: Running = { agents: [], dirs: [] };
  test.afterAll(() => cleanUp(running));

  test('no systemd here: the dialog says so with the command; once it runs, installing again switches the host to the agent', async ({
    page,
    context,
  }) => {
    test.setTimeout(180_000);
    const env = testEnv();
    const base = tempDir('zedops-e2e-agent-install-');
    running.dirs.push(base);
    const dirs = {
      install: path.join(base, 'opt'),
      config: path.join(base, 'etc'),
      state: path.join(base, 'state'),
      socket: path.join(base, 'agent.sock'),
      dataRoot: path.join(base, 'servers'),
    };
    const bundle = path.join(dirs.install, 'zedops-agent.cjs');
    const configFile = path.join(dirs.config, 'config.json');
    const runCommand = `node '${bundle}' --config '${configFile}'`;

    // An SSH host, added as an admin would in a terminal.
    const home = freshHome();
    const where = `${env.ssh.user}@${env.ssh.host}:${env.ssh.port}`;
    zedops(
      home,
      ...['host', 'add', 'ssh-box', '--ssh', where, '--identity', env.ssh.identity],
      ...['--docker-socket', env.dockerSocket, '--accept-host-key', env.ssh.hostKeyFingerprint],
      ...['--data-root', dirs.dataRoot],
    );
    running.serve = await startServe({ DOCKER_HOST: 'unix:///nonexistent/zedops/docker.sock' }, home, 31501);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.serve.handle.url });
    await page.goto(running.serve.handle.openUrl);

    const card = page.getByRole('article', { name: 'Host ssh-box' });
    await expect(card.getByRole('status')).toHaveText(/Online/, { timeout: 30_000 });
    await expect(card.getByText('SSH', { exact: true })).toBeVisible();
    // Only hosts reached over SSH offer it.
    await expect(card.getByRole('button', { name: 'Install agent' })).toBeVisible();
    await shot(page, '1-ssh-host');

    await card.getByRole('button', { name: 'Install agent' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install agent: ssh-box' });
    await expect(dialog).toContainText(where);
    await expect(dialog).toContainText('/opt/zedops-agent');
    await expect(dialog).toContainText('/etc/zedops-agent/config.json');
    await expect(dialog).toContainText('systemd');
    await expect(dialog).toContainText('Node.js 20 or newer');
    const install = dialog.getByRole('button', { name: 'Install agent' });
    await expect(install).toBeFocused();
    await shot(page, '2-install-dialog');

    // Keep the agent's files out of this machine's real folders.
    await dialog.getByText('Advanced: where things go on the host').click();
    const folder = dialog.getByRole('textbox', { name: 'Install folder (optional)' });
    await folder.fill('opt/zedops-agent');
    await expect(folder).toHaveAccessibleDescription(/Give an absolute path\./);
    await expect(install).toBeDisabled();
    await folder.fill(dirs.install);
    await expect(install).toBeEnabled();
    await dialog.getByRole('textbox', { name: 'Docker socket on the host (optional)' }).fill(env.dockerSocket);
    await dialog.getByRole('textbox', { name: 'Config folder (optional)' }).fill(dirs.config);
    await dialog.getByRole('textbox', { name: 'State folder (optional)' }).fill(dirs.state);
    await dialog.getByRole('textbox', { name: 'Agent socket (optional)' }).fill(dirs.socket);
    // The explanation follows the folders given.
    await expect(dialog).toContainText(`${dirs.config}/config.json`);
    await shot(page, '3-advanced');

    // A folder the host cannot make: the core's words, in the dialog, and nothing switched.
    const config = dialog.getByRole('textbox', { name: 'Config folder (optional)' });
    await config.fill('/proc/zedops-e2e-agent');
    await install.click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('Could not write the config on', { timeout: 60_000 });
    await expect(alert).toContainText('/proc/zedops-e2e-agent');
    // A sentence for people, not a stack trace.
    await expect(alert).not.toContainText(/\bat .+:\d+:\d+/);
    await expect(install).toBeEnabled();
    await expect(install).toBeFocused();
    await expect(card.getByText('SSH', { exact: true })).toBeVisible();
    await shot(page, '4-error');
    // Changing what was asked takes the old answer away.
    await config.fill(dirs.config);
    await expect(alert).toHaveCount(0);

    await install.click();
    const progress = dialog.getByRole('status').filter({ hasText: 'Installing the agent on' });
    await expect(progress).toContainText(where);
    await expect(dialog.getByRole('textbox', { name: 'State folder (optional)' })).toBeDisabled();
    await shot(page, '5-installing');

    // No systemd on this machine: copied and configured, not started; the command to run it, and the host stays SSH.
    await expect(dialog).toContainText('has no systemd', { timeout: 60_000 });
    await expect(progress).toHaveCount(0);
    // The command on its own, in a monospace block beside Copy (the message says it too, in a sentence).
    await expect(dialog.getByText(runCommand, { exact: true })).toHaveCSS('font-family', /mono/i);
    await expect(dialog).toContainText('Not started: the host has no systemd');
    const copy = dialog.getByRole('button', { name: 'Copy' });
    await expect(copy).toBeFocused();
    await copy.click();
    await expect(dialog.getByRole('status').filter({ hasText: 'Copied.' })).toBeVisible();
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(runCommand);
    await expect(card.getByText('SSH', { exact: true })).toBeVisible();
    await expect(card.getByText('Agent', { exact: true })).toHaveCount(0);
    expect(fs.existsSync(bundle)).toBe(true);
    expect(JSON.parse(fs.readFileSync(configFile, 'utf8'))).toEqual({
      socket: dirs.socket,
      dockerHost: `unix://${env.dockerSocket}`,
      dataRoot: dirs.dataRoot,
      stateDir: dirs.state,
    });
    await shot(page, '6-no-systemd');

    // What the command says, run on the host (this sshd's host is this machine).
    running.agents.push(await startAgent(bundle, ['--config', configFile]));

    await expect(install).toBeEnabled();
    await install.click();
    await expect(dialog).toContainText('It is already running there', { timeout: 60_000 });
    await expect(dialog).toContainText('the host now goes through it');
    await expect(dialog).toContainText('Already running (no systemd)');
    // Nothing left to run: no command block, and only Close.
    await expect(dialog.getByRole('button', { name: 'Copy' })).toHaveCount(0);
    await expect(dialog.getByRole('button', { name: 'Install agent' })).toHaveCount(0);
    const close = dialog.getByRole('button', { name: 'Close' });
    await expect(close).toBeFocused();
    await expect(card.getByText('Agent', { exact: true })).toBeVisible();
    await shot(page, '7-already-running');

    await close.click();
    await expect(dialog).toHaveCount(0);
    await expect(card.getByText('Agent', { exact: true })).toBeVisible();
    await expect(card.getByRole('status')).toHaveText(/Online/, { timeout: 30_000 });
    await expect(card).toContainText('ZedOps agent');
    await expect(card).toContainText(`ssh://${where}`);
    // An agent reached through SSH can be reinstalled or upgraded the same way.
    const reinstall = card.getByRole('button', { name: 'Reinstall / upgrade agent' });
    await expect(reinstall).toBeFocused();
    await expect(card.getByRole('button', { name: 'Install agent' })).toHaveCount(0);
    await shot(page, '8-agent-online');

    await reinstall.click();
    const again = page.getByRole('dialog', { name: 'Reinstall or upgrade agent: ssh-box' });
    await expect(again).toContainText('keeping its state folder (the event journal)');
    await expect(again.getByRole('button', { name: 'Reinstall agent' })).toBeVisible();
    await shot(page, '9-reinstall-dialog');
    await again.getByRole('button', { name: 'Cancel' }).click();
    await expect(again).toHaveCount(0);
    await expect(card.getByRole('status')).toHaveText(/Online/);
  });
});

test.describe('add an agent host from the Add host dialog', () => {
  const running: Running = { agents: [], dirs: [] };
  const agentPort = 31502;
  let base = '';
  let client = '';

  // One agent for both: a unix socket (reached through the test sshd) and a mutual-TLS listener.
  test.beforeAll(async () => {
    const env = testEnv();
    base = tempDir('zedops-e2e-agent-add-');
    running.dirs.push(base);
    const certs = makeAgentCerts(path.join(base, 'certs'));
    client = certs.client;
    running.agents.push(
      await startAgent(builtAgentBundle, [
        ...['--socket', path.join(base, 'agent.sock'), '--docker-host', `unix://${env.dockerSocket}`],
        ...['--data-root', path.join(base, 'servers'), '--state-dir', path.join(base, 'state')],
        ...['--listen', `tls://127.0.0.1:${agentPort}`, '--tls-ca', certs.ca],
        ...['--tls-cert', certs.serverCert, '--tls-key', certs.serverKey],
      ]),
    );
  });
  test.afterEach(async () => {
    if (running.serve) await stopServe(running.serve.child, running.serve.handle.home);
    running.serve = undefined;
  });
  test.afterAll(() => cleanUp(running));

  async function openAddHost(page: Page, port: number): Promise<Locator> {
    // "This computer" is the test dockerd, so the page has a host from the start.
    running.serve = await startServe({ DOCKER_HOST: testEnv().dockerHost }, undefined, port);
    await page.goto(running.serve.handle.openUrl);
    await expect(page.getByRole('article', { name: 'Host This computer' })).toBeVisible();
    await page.getByRole('button', { name: 'Add host' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add host' });
    await expect(dialog.getByRole('radiogroup', { name: 'Connection' })).toBeVisible();
    return dialog;
  }

  test('over mutual TLS with the client bundle: online, kind Agent', async ({ page }) => {
    test.setTimeout(90_000);
    const dialog = await openAddHost(page, 31503);
    const add = dialog.getByRole('button', { name: 'Add host' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('agent-tls');
    const kind = dialog.getByRole('radio', { name: 'ZedOps agent' });
    await kind.check();
    await expect(kind).toHaveAccessibleDescription(/least-privilege/);
    await shot(page, '10-add-agent-kind');
    // Through SSH first, as the agent's README prefers; then over TLS.
    await expect(dialog.getByRole('radio', { name: 'Through SSH', exact: true })).toBeChecked();
    await dialog.getByRole('radio', { name: 'Over TLS', exact: true }).check();
    const address = dialog.getByRole('textbox', { name: 'Agent address' });
    // The shared schema's and the form's words beside the field.
    await address.fill(`tcp://127.0.0.1:${agentPort}`);
    await expect(address).toHaveAccessibleDescription(/starts with tls:\/\//);
    await address.fill('tls://127.0.0.1');
    await expect(address).toHaveAccessibleDescription(/Give the port the agent listens on/);
    await address.fill(`tls://127.0.0.1:${agentPort}`);
    await expect(address).toHaveAttribute('aria-invalid', 'false');
    await expect(add).toBeDisabled();
    await dialog.getByRole('textbox', { name: 'CA certificate file' }).fill(path.join(client, 'ca.pem'));
    await dialog.getByRole('textbox', { name: 'Client certificate file' }).fill(path.join(client, 'cert.pem'));
    await dialog.getByRole('textbox', { name: 'Client key file' }).fill(path.join(client, 'key.pem'));
    await dialog.getByRole('textbox', { name: 'Data root' }).fill(path.join(base, 'servers'));
    // Over TLS there is no host key to confirm.
    await expect(dialog.getByRole('button', { name: 'Check host key' })).toHaveCount(0);
    await expect(add).toBeEnabled();
    await shot(page, '11-add-tls-filled');

    await add.click();
    await expect(dialog).toHaveCount(0, { timeout: 30_000 });
    const card = page.getByRole('article', { name: 'Host agent-tls' });
    await expect(card.getByRole('status')).toHaveText(/Online/, { timeout: 30_000 });
    await expect(card.getByText('Agent', { exact: true })).toBeVisible();
    await expect(card).toContainText(`tls://127.0.0.1:${agentPort}`);
    await expect(card).toContainText(`Docker ${testEnv().dockerVersion}`);
    // Not reached over SSH: nothing to install from here.
    await expect(card.getByRole('button', { name: /agent/ })).toHaveCount(0);
    await shot(page, '12-add-tls-online');
  });

  test('through SSH to its socket: the host key is checked and confirmed first; then online, kind Agent', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const { ssh } = testEnv();
    const dialog = await openAddHost(page, 31504);
    const add = dialog.getByRole('button', { name: 'Add host' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('agent-ssh');
    await dialog.getByRole('radio', { name: 'ZedOps agent' }).check();
    await expect(dialog.getByRole('radio', { name: 'Through SSH', exact: true })).toBeChecked();
    const address = dialog.getByRole('textbox', { name: 'SSH address' });
    await address.fill(`tls://${ssh.host}:${ssh.port}`);
    await expect(address).toHaveAccessibleDescription(/choose “Over TLS”/);
    await address.fill(`ssh://${ssh.user}@${ssh.host}:${ssh.port}`);
    await dialog.getByRole('textbox', { name: 'Key file (optional)' }).fill(ssh.identity);
    const socket = dialog.getByRole('textbox', { name: 'Agent socket on the host (optional)' });
    await socket.fill('agent.sock');
    await expect(socket).toHaveAccessibleDescription(/The agent's socket must be an absolute path on the host\./);
    await socket.fill(path.join(base, 'agent.sock'));
    await dialog.getByRole('textbox', { name: 'Data root' }).fill(path.join(base, 'servers'));
    await expect(dialog.getByRole('textbox', { name: 'Docker socket on the host (optional)' })).toHaveCount(0);
    await expect(add).toBeDisabled();
    await shot(page, '13-add-ssh-filled');

    await dialog.getByRole('button', { name: 'Check host key' }).click();
    await expect(dialog.getByRole('definition').filter({ hasText: /^SHA256:/ })).toHaveText(ssh.hostKeyFingerprint);
    const confirm = dialog.getByRole('checkbox', { name: 'This is the right key' });
    await expect(confirm).toBeFocused();
    await expect(add).toBeDisabled();
    await confirm.check();
    await expect(add).toBeEnabled();
    await shot(page, '14-add-ssh-host-key');

    await add.click();
    await expect(dialog).toHaveCount(0, { timeout: 30_000 });
    const card = page.getByRole('article', { name: 'Host agent-ssh' });
    await expect(card.getByRole('status')).toHaveText(/Online/, { timeout: 30_000 });
    await expect(card.getByText('Agent', { exact: true })).toBeVisible();
    await expect(card).toContainText(`ssh://${ssh.user}@${ssh.host}:${ssh.port}`);
    await expect(card.getByRole('button', { name: 'Reinstall / upgrade agent' })).toBeVisible();
    await shot(page, '15-add-ssh-online');
  });
});
