import type { Locator, Page } from '@playwright/test';
import { BoxScene } from './box-scene';
import { zedops } from './fleet-cli';
import { expect, test, testEnv, type ServeHandle } from './serve-fixture';

// The whole fleet UI from the keyboard alone: Tab, Shift+Tab, Enter, Space, Escape and arrows.
// Nothing here clicks or fills a field it did not reach by Tab; what it checks is what a keyboard
// user notices: which control has focus (by role and name), that focus shows, and what appears.

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `test-results/screenshots/keyboard-${name}.png`, fullPage: false });

/** s01..s13 on "box": every fourth one running (pz-sim), the others failed on an image that does not exist. */
const names = Array.from({ length: 13 }, (_, i) => `ui4-s${String(i + 1).padStart(2, '0')}`);
const running = new Set(['ui4-s01', 'ui4-s05', 'ui4-s09', 'ui4-s13']);
const port = (name: string) => 31301 + 3 * names.indexOf(name);
const created = 'ui4-new';

/** The little of the page's DOM the checks below read in the page (e2e is typechecked without the DOM library). */
interface PageEl {
  textContent: string | null;
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
  closest(selector: string): PageEl | null;
}
interface PageDom {
  document: { activeElement: PageEl | null; body: PageEl };
  getComputedStyle(el: PageEl): {
    outlineStyle: string;
    outlineWidth: string;
    outlineColor: string;
    backgroundColor: string;
  };
}

const server = (page: Page, name: string) => page.getByRole('article', { name: `Server ${name}` });

/** True when focus is on an element of the page, not on the page itself (lost). */
const focusOnSomething = (page: Page) =>
  page.evaluate(() => {
    const { document } = globalThis as unknown as PageDom;
    return !!document.activeElement && document.activeElement !== document.body;
  });

/**
 * Presses Tab (or Shift+Tab) until `target` has focus, checking after every press that focus
 * is on something: it is never dropped to the page on the way.
 */
async function tabTo(page: Page, target: Locator, { back = false, max = 40 } = {}): Promise<number> {
  const key = back ? 'Shift+Tab' : 'Tab';
  for (let presses = 0; presses <= max; presses++) {
    if (
      (await target.count()) === 1 &&
      (await target.evaluate((el) => el === (globalThis as unknown as PageDom).document.activeElement))
    )
      return presses;
    await page.keyboard.press(key);
    expect(await focusOnSomething(page), `focus fell to the page after ${presses + 1} × ${key}`).toBe(true);
  }
  throw new Error(`${max} × ${key} did not reach ${target.toString()}`);
}

/** The focused element shows a ring: 2px solid, in the theme's accent (the primary button's colour). */
async function expectFocusRing(page: Page, el: Locator): Promise<void> {
  await expect(el).toBeFocused();
  const ring = await el.evaluate((e: PageEl) => {
    const s = (globalThis as unknown as PageDom).getComputedStyle(e);
    return {
      visible: e.matches(':focus-visible'),
      style: s.outlineStyle,
      width: s.outlineWidth,
      color: s.outlineColor,
    };
  });
  const accent = await page
    .getByRole('button', { name: 'Create server', exact: true })
    .evaluate((b: PageEl) => (globalThis as unknown as PageDom).getComputedStyle(b).backgroundColor);
  expect(ring).toEqual({ visible: true, style: 'solid', width: '2px', color: accent });
}

test.describe.serial('the fleet from the keyboard alone', () => {
  let serve: ServeHandle;
  let scene: BoxScene | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    scene = await BoxScene.start(
      'ui4-',
      names.filter((n) => running.has(n)).map((n) => [n, port(n)] as const),
    );
    ({ serve } = scene);
    // Failed creates are the cheap way to many cards: no container, just a catalog row and its error.
    for (const n of names.filter((x) => !running.has(x))) {
      const p = port(n);
      expect(() =>
        zedops(
          scene?.home ?? '',
          'server',
          'create',
          n,
          '--host',
          'box',
          '--image',
          '127.0.0.1:5000/zedops/no-such:1',
          '--game-port',
          String(p),
          '--rcon-port',
          String(p + 2),
        ),
      ).toThrow();
    }
  });

  test.afterAll(async () => {
    await scene?.stop();
  });

  test('filters, create, stop, delete, restore and purge, and Tab into cards that were off-screen', async ({
    page,
  }) => {
    test.setTimeout(180_000);
    // One card a row, and short: most of the 14 cards start below the fold, several not even rendered.
    await page.setViewportSize({ width: 640, height: 720 });
    await page.goto(serve.openUrl);
    await expect(server(page, 'ui4-s01').getByRole('status')).toHaveText('Running', { timeout: 15_000 });
    const createButton = page.getByRole('button', { name: 'Create server', exact: true });
    const search = page.getByRole('searchbox', { name: 'Search' });

    await test.step('Tab reaches the toolbar and the filters, and they work from the keyboard', async () => {
      await page.keyboard.press('Tab');
      await expect(page.getByRole('checkbox', { name: /Show deleted/ })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Add host' })).toBeFocused();
      await page.keyboard.press('Tab');
      await expectFocusRing(page, createButton);
      await page.keyboard.press('Tab');
      await expectFocusRing(page, search);

      await page.keyboard.type('s05');
      await expect(server(page, 'ui4-s05')).toBeVisible();
      await expect(page.getByRole('article', { name: /^Server / })).toHaveCount(1);
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Backspace');
      await expect(server(page, 'ui4-s01')).toBeVisible();

      await page.keyboard.press('Tab');
      await expect(page.getByRole('combobox', { name: 'Host' })).toBeFocused();
      await page.keyboard.press('Tab');
      const status = page.getByRole('combobox', { name: 'Status' });
      await expectFocusRing(page, status);
      // Arrows pick the next option of a closed list: Creating (none), then Running.
      await page.keyboard.press('ArrowDown');
      await expect(status).toHaveValue('creating');
      await expect(page.getByText('No servers match these filters.')).toBeVisible();
      await page.keyboard.press('ArrowDown');
      await expect(status).toHaveValue('running');
      await expect(page.getByRole('article', { name: /^Server / })).toHaveCount(running.size);
      await page.keyboard.press('ArrowUp');
      await expect(status).toHaveValue('creating');
      await page.keyboard.press('Tab');
      const clear = page.getByRole('button', { name: 'Clear filters' });
      await expect(clear).toBeFocused();
      await shot(page, '1-no-match');
      await page.keyboard.press('Enter');
      await expect(status).toHaveValue('all');
      await expect(server(page, 'ui4-s01')).toBeVisible();
      // The button went away with the filters; focus went back to where filtering starts.
      await expect(search).toBeFocused();
    });

    const dialog = page.getByRole('dialog', { name: 'Create server' });
    const nameField = dialog.getByRole('textbox', { name: 'Name', exact: true });

    await test.step('Enter opens Create server; Escape closes it and focus is back on the button', async () => {
      await page.keyboard.press('Shift+Tab');
      await expect(createButton).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(dialog).toBeVisible();
      await expectFocusRing(page, nameField);
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(createButton).toBeFocused();
    });

    await test.step('focus stays inside the open dialog: Tab and Shift+Tab wrap around', async () => {
      await page.keyboard.press('Enter');
      await expect(nameField).toBeFocused();
      const host = dialog.getByRole('combobox', { name: 'Host' });
      const cancel = dialog.getByRole('button', { name: 'Cancel' });
      await page.keyboard.press('Shift+Tab');
      await expect(host).toBeFocused();
      // Create is disabled while the form is empty, so Cancel is the last stop.
      await page.keyboard.press('Shift+Tab');
      await expect(cancel).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(host).toBeFocused();
      // A full lap forward never leaves the dialog.
      for (let i = 0; i < 14; i++) {
        await page.keyboard.press('Tab');
        expect(
          await page.evaluate(
            () => !!(globalThis as unknown as PageDom).document.activeElement?.closest('dialog[open]'),
          ),
        ).toBe(true);
      }
    });

    await test.step('the form is filled from the keyboard and submitted with Enter', async () => {
      await tabTo(page, nameField);
      await page.keyboard.type(created);
      await page.keyboard.press('Tab');
      await expect(dialog.getByRole('textbox', { name: 'Image' })).toBeFocused();
      await page.keyboard.press('Control+A');
      await page.keyboard.type(testEnv().pzSimImage);
      for (const [label, value] of [
        ['Game port', '31361'],
        ['UDP port', '31362'],
        ['RCON port', '31363'],
      ] as const) {
        await page.keyboard.press('Tab');
        await expect(dialog.getByRole('textbox', { name: label })).toBeFocused();
        await page.keyboard.press('Control+A');
        await page.keyboard.type(value);
      }
      await page.keyboard.press('Tab');
      await expect(dialog.getByLabel('Admin password')).toBeFocused();
      await page.keyboard.type('ui4-admin');
      const create = dialog.getByRole('button', { name: 'Create', exact: true });
      await expect(create).toBeEnabled();
      // Now Create is the last stop: Tab from it wraps to the first field.
      await tabTo(page, create);
      await page.keyboard.press('Tab');
      await expect(dialog.getByRole('combobox', { name: 'Host' })).toBeFocused();
      await page.keyboard.press('Shift+Tab');
      await expectFocusRing(page, create);
      await shot(page, '2-create-filled');
      await page.keyboard.press('Enter');
      await expect(dialog.getByRole('progressbar', { name: `Creating ${created}` })).toBeVisible();
      await expect(dialog).toHaveCount(0, { timeout: 60_000 });
      await expect(createButton).toBeFocused();
      await expect(server(page, created).getByRole('status')).toHaveText('Running', { timeout: 30_000 });
    });

    const card = server(page, created);

    await test.step("Tab reaches the new card's actions; Stop keeps focus, then the card has it", async () => {
      const stop = card.getByRole('button', { name: 'Stop' });
      await tabTo(page, stop);
      await expectFocusRing(page, stop);
      await shot(page, '3-stop-focused');
      await page.keyboard.press('Enter');
      // While it stops, the button says it is unavailable but keeps focus (read at once: it goes when stopped).
      expect(
        await page.evaluate(() => {
          const el = (globalThis as unknown as PageDom).document.activeElement;
          return `${el?.textContent ?? ''} aria-disabled=${el?.getAttribute('aria-disabled') ?? ''}`;
        }),
      ).toBe('Stop aria-disabled=true');
      await expect(card.getByRole('status')).toHaveText('Stopped', { timeout: 30_000 });
      // Stop is gone (a stopped server cannot stop): focus is on its card, not lost.
      await expect(stop).toHaveCount(0);
      await expectFocusRing(page, card);
      await shot(page, '4-stopped-card-focused');
      await page.keyboard.press('Tab');
      await expect(card.getByRole('button', { name: 'Start' })).toBeFocused();
    });

    await test.step('Delete asks first: Escape goes back to the button, Enter on Delete deletes', async () => {
      const del = card.getByRole('button', { name: 'Delete' });
      await tabTo(page, del);
      await page.keyboard.press('Enter');
      const confirm = page.getByRole('dialog', { name: `Delete ${created}?` });
      await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(confirm).toHaveCount(0);
      await expect(del).toBeFocused();

      await page.keyboard.press('Enter');
      await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await page.keyboard.press('Tab');
      const yes = confirm.getByRole('button', { name: 'Delete' });
      await expectFocusRing(page, yes);
      await page.keyboard.press('Tab');
      await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
      await page.keyboard.press('Shift+Tab');
      await expect(yes).toBeFocused();
      await shot(page, '5-delete-dialog');
      await page.keyboard.press('Enter');
      await expect(card).toHaveCount(0, { timeout: 30_000 });
      // Its card left the list: focus is on the card now in its place.
      await expect(server(page, 'ui4-s01')).toBeFocused();
    });

    await test.step('Space on "Show deleted" shows it; Restore brings it back as Missing', async () => {
      const showDeleted = page.getByRole('checkbox', { name: /Show deleted/ });
      await tabTo(page, showDeleted, { back: true });
      await expectFocusRing(page, showDeleted);
      await page.keyboard.press('Space');
      await expect(showDeleted).toBeChecked();
      await expect(card.getByRole('status')).toHaveText('Deleted');
      const restore = card.getByRole('button', { name: 'Restore' });
      await tabTo(page, restore);
      await page.keyboard.press('Enter');
      await expect(card.getByRole('status')).toHaveText('Missing', { timeout: 30_000 });
      await expect(card).toBeFocused();
    });

    await test.step('Purge is confirmed by typing the name, then focus moves to the next card', async () => {
      const purge = card.getByRole('button', { name: 'Purge' });
      await tabTo(page, purge);
      await page.keyboard.press('Enter');
      const confirm = page.getByRole('dialog', { name: `Purge ${created}?` });
      const typed = confirm.getByRole('textbox', { name: `Type ${created} to confirm` });
      await expectFocusRing(page, typed);
      await page.keyboard.type(created.slice(0, -1));
      await page.keyboard.press('Enter');
      // The name is not complete: nothing happens.
      await expect(confirm).toBeVisible();
      await expect(confirm.getByRole('button', { name: 'Purge' })).toBeDisabled();
      await page.keyboard.type(created.slice(-1));
      await expect(confirm.getByRole('button', { name: 'Purge' })).toBeEnabled();
      await shot(page, '6-purge-typed');
      await page.keyboard.press('Enter');
      await expect(confirm).toHaveCount(0);
      await expect(card).toHaveCount(0, { timeout: 30_000 });
      await expect(server(page, 'ui4-s01')).toBeFocused();
    });

    await test.step('Tab walks into cards the windowed list had not even rendered', async () => {
      const last = server(page, 'ui4-s13');
      await expect(last).toHaveCount(0);
      await tabTo(page, last.getByRole('button', { name: 'Stop' }), { max: 120 });
      await expect(last).toBeInViewport();
      await expectFocusRing(page, last.getByRole('button', { name: 'Stop' }));
      await shot(page, '7-last-card-focused');

      // The card above it goes (purged by an admin in a terminal): the list shifts, focus stays put.
      zedops(scene?.home ?? '', 'server', 'purge', 'ui4-s12', '--yes');
      await expect(server(page, 'ui4-s12')).toHaveCount(0, { timeout: 15_000 });
      await expect(last.getByRole('button', { name: 'Stop' })).toBeFocused();

      // Back up to the first card, then End scrolls the page away from it: focus stays on its button,
      // and Tab goes on from there (its row is kept while it holds focus).
      const first = server(page, 'ui4-s01');
      await tabTo(page, first.getByRole('button', { name: 'Stop' }), { back: true, max: 120 });
      await expect(first).toBeInViewport();
      await page.keyboard.press('End');
      await expect(last).toBeInViewport();
      await expect(first).not.toBeInViewport();
      await expect(first.getByRole('button', { name: 'Stop' })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(first.getByRole('button', { name: 'Restart' })).toBeFocused();
      await expect(first).toBeInViewport();
    });
  });

  test('cards keep their own height in a row, and rows below move when one grows (light and dark)', async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(serve.openUrl);
    const s01 = server(page, 'ui4-s01');
    const s02 = server(page, 'ui4-s02');
    const s04 = server(page, 'ui4-s04');
    await expect(s01.getByRole('status')).toHaveText('Running', { timeout: 15_000 });
    await expect(s02.getByRole('status')).toHaveText('Failed');
    const box = async (l: Locator) => {
      const b = await l.boundingBox();
      if (!b) throw new Error(`${l.toString()} has no box`);
      return b;
    };

    // Three to a row: s01 (running) beside s02 and s03 (failed, with a last error: taller).
    const [a, b] = [await box(s01), await box(s02)];
    expect(Math.abs(a.y - b.y)).toBeLessThan(1);
    expect(a.height).toBeLessThan(b.height - 10);
    await shot(page, '8-grid');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot(page, '8-grid-dark');

    // History opened from the keyboard makes s01 grow; s02 keeps its height and s04's row moves down.
    const summary = s01.getByText('History', { exact: true });
    await tabTo(page, summary, { max: 20 });
    await expectFocusRing(page, summary);
    await page.keyboard.press('Enter');
    await expect(s01.getByRole('list', { name: 'Recent history of ui4-s01' })).toBeVisible();
    await expect.poll(async () => (await box(s01)).height).toBeGreaterThan(a.height + 20);
    expect((await box(s02)).height).toBeCloseTo(b.height, 0);
    await expect.poll(async () => (await box(s04)).y).toBeGreaterThan((await box(s01)).y + (await box(s01)).height);
    await shot(page, '9-history-open-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await shot(page, '9-history-open');
  });
});
