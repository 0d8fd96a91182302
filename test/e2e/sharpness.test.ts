/**
 * The sharpness panel in headless Chromium (WebGPU on SwiftShader): at the
 * end of a small experiment on two wells it shows the engine's share of
 * the flattest basin per optimizer, draws its histogram and scatter in the
 * optimizers' colours, and a box dragged over the scatter selects runs
 * that the landscape then marks. Paused runs are measured on the spot.
 */
import type { Page } from 'playwright';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pct } from '../../src/ui/format';
import { optimizerColor } from '../../src/ui/palette';
import {
  colorPixels,
  comparePngs,
  inPage,
  openPage,
  pageState,
  startPageServer,
  waitFinished,
  waitState,
  type PageSession,
} from './harness';

/** What window.__basins.sharpness() returns. */
interface SharpnessHook {
  step: number;
  flattestIndex: number;
  flattest: string | null;
  shares: number[];
  selected: number;
  marked: number;
}

const RUNS = 64 * 64;
const TWO_WELLS =
  '/?land=two-wells&opt=gd(lr:0.1)' +
  '&opt=gd(lr:0.1,gradient:sam,gradient.rho:0.05)' +
  `&starts=grid(nx:64,ny:64)&trails=8&sharp=rho:0.02`;

let server: ViteDevServer;
let session: PageSession | null = null;

beforeAll(async () => {
  server = await startPageServer();
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

async function open(path: string) {
  await session?.close();
  session = await openPage(server, path);
  return session;
}

function sharpness(page: Page): Promise<SharpnessHook | null> {
  return inPage(page, 'window.__basins.sharpness()');
}

/** Waits until the sharpness of the step the runs are at is measured. */
async function measured(page: Page): Promise<SharpnessHook> {
  await page.waitForFunction(
    `(() => {
      const b = window.__basins;
      const m = b?.sharpness();
      return !!m && m.step === b.state().stepsDone;
    })()`,
    undefined,
    { timeout: 60_000, polling: 200 },
  );
  return (await sharpness(page))!;
}

describe('the sharpness panel', () => {
  test('two wells: the verdict, the plots and a brushed selection', async () => {
    const { page, errors } = await open(`${TWO_WELLS}&steps=300`);
    const panel = page.locator('basins-sharpness');
    // a setting of the measures comes from the link into the controls
    const rho = page.locator(
      'basins-param-field[name="sharpness.rho"] input[type=number]',
    );
    expect(await rho.inputValue()).toBe('0.02');
    expect(page.url()).toMatch(/sharp=[^&]*rho:0\.02/);

    await inPage(page, 'window.__basins.setSpeed("max")');
    await waitFinished(page);
    const m = await measured(page);
    expect(m.flattest).toBe('wide shallow');
    expect(m.shares).toHaveLength(2);

    // the verdict table: the engine's share of the flattest basin...
    await panel.scrollIntoViewIfNeeded();
    const table = panel.locator('table.verdict');
    expect(await table.locator('thead th').nth(1).innerText()).toContain(
      'wide shallow',
    );
    expect(await table.locator('td.flat').allInnerTexts()).toEqual(
      m.shares.map(pct),
    );
    // ...which is what the GPU's statistics counted there
    await waitState(page, 's.stepsDone === s.steps');
    const counts = await inPage<number[][]>(
      page,
      'window.__basins.basinCounts()',
    );
    counts.forEach((c, i) => {
      expect(c[m.flattestIndex]).toBe(Math.round(m.shares[i]! * RUNS));
    });
    // the optimizer with the most runs there is marked
    const best = Math.max(...m.shares);
    const rows = table.locator('tbody tr');
    for (let i = 0; i < 2; i++) {
      const cls = (await rows.nth(i).getAttribute('class')) ?? '';
      expect(cls.includes('best')).toBe(m.shares[i] === best);
    }

    // histogram and scatter are drawn in the optimizers' colours
    const colors = [optimizerColor(0), optimizerColor(1)];
    for (const plot of ['.hist', '.scatter']) {
      const png = await panel.locator(`${plot} canvas`).screenshot();
      const n = await colorPixels(page, png, colors);
      for (const k of n) expect(k).toBeGreaterThan(20);
    }

    // a box over the flat end of the scatter selects runs...
    const land = page.locator('basins-landscape canvas');
    const before = await land.screenshot();
    const over = panel.locator('.scatter .u-over');
    await over.scrollIntoViewIfNeeded();
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + 2, box.y + 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.98, {
      steps: 8,
    });
    await page.mouse.up();
    await expect
      .poll(async () => (await sharpness(page))!.selected)
      .toBeGreaterThan(0);
    const sel = (await sharpness(page))!;
    // ...all runs of the wide well (λ_max 0.7) and none of the narrow
    // one (λ_max 15 to 17), which lie right of the box
    const wide = counts.reduce((n, c) => n + c[m.flattestIndex]!, 0);
    const narrow = counts.reduce((n, c) => n + c[1 - m.flattestIndex]!, 0);
    expect(sel.selected).toBeGreaterThanOrEqual(wide);
    expect(sel.selected).toBeLessThanOrEqual(2 * RUNS - narrow);
    // at most 5,000 of them are marked, spread over all
    expect(sel.marked).toBeGreaterThan(0);
    expect(sel.marked).toBeLessThanOrEqual(Math.min(sel.selected, 5000));
    expect(await panel.locator('.picked').innerText()).toContain(
      'marked on the landscape',
    );
    // the landscape marks them (and dims the rest)
    await expect
      .poll(async () => {
        const diff = await comparePngs(page, before, await land.screenshot());
        return diff.differing;
      })
      .toBeGreaterThan(0.001);

    // the button clears the selection, from the keyboard too
    const clear = panel.getByRole('button', { name: 'Clear selection' });
    await clear.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await sharpness(page))!.selected).toBe(0);
    expect(await clear.isDisabled()).toBe(true);

    // another measure: the picker is a plain select
    await panel.locator('select#measure').selectOption('samSharpness');
    expect(await table.locator('thead th').nth(2).innerText()).toContain(
      'SAM sharpness',
    );
    expect(errors).toEqual([]);
  });

  test('paused runs are measured on the spot', async () => {
    const { page, errors } = await open(`${TWO_WELLS}&steps=3000`);
    const panel = page.locator('basins-sharpness');
    await waitState(page, 's.stepsDone >= 20');
    expect(await panel.locator('.note').innerText()).toContain(
      'pause to measure now',
    );
    expect(await sharpness(page)).toBeNull();
    await inPage(page, 'window.__basins.pause()');
    await panel.scrollIntoViewIfNeeded();
    const m = await measured(page);
    const s = await pageState(page);
    expect(m.step).toBe(s.stepsDone);
    expect(m.step).toBeLessThan(s.steps);
    expect(await panel.locator('table.verdict td.flat').count()).toBe(2);

    // the settings of the measures sit in the controls, folded away, and
    // go into the address bar
    const eps = page.locator(
      'basins-param-field[name="sharpness.epsilon"] input[type=number]',
    );
    expect(await eps.isVisible()).toBe(false);
    await page.getByText('Sharpness measures:').click();
    await eps.fill('0.1');
    await eps.press('Enter');
    await page.waitForURL(/sharp=[^&]*epsilon:0\.1/, { timeout: 30_000 });
    expect(errors).toEqual([]);
  });
});
