/**
 * The sandbox page in headless Chromium (WebGPU on SwiftShader): it loads
 * cleanly, draws basin maps that tell optimizers apart, keeps the whole
 * experiment in the address bar, survives hostile links, and still
 * teaches without WebGPU. The frame rate with 65,536 runs is measured and
 * printed, not asserted.
 */
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  comparePngs,
  inPage,
  openPage,
  pageState,
  startPageServer,
  waitFinished,
  waitState,
  type PageSession,
} from './harness';

let server: ViteDevServer;
let session: PageSession | null = null;

beforeAll(async () => {
  server = await startPageServer();
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

/** Opens a page for one test; the previous one is closed first. */
async function open(path: string, opts: Parameters<typeof openPage>[2] = {}) {
  await session?.close();
  session = await openPage(server, path, opts);
  return session;
}

describe('the sandbox page', () => {
  test('loads with no console error and starts the default runs', async () => {
    const { page, errors } = await open('/');
    await waitState(page, 's.stepsDone >= 5');
    const s = await pageState(page);
    expect(s.mode).toBe('gpu');
    expect(s.render).toBe(true);
    expect(s.optimizers).toEqual(['GD / SGD', 'Adam']);
    expect(s.runs).toBe(128 * 128);
    expect(s.notices).toEqual([]);
    // the address bar holds the whole experiment from the start
    const url = new URL(page.url());
    expect(url.search).toContain('land=himmelblau');
    expect(url.search).toContain('opt=gd(lr:0.01)');
    expect(url.search).toContain('opt=adam(lr:0.05');
    expect(url.search).toContain('starts=grid(nx:128,ny:128');
    // labelled controls, a drawn landscape and two basin maps
    const first = page.getByLabel('Optimizer 1', { exact: true });
    expect(await first.inputValue()).toBe('gd');
    expect(await page.locator('basins-landscape canvas').count()).toBe(1);
    expect(await page.locator('basins-basin-maps canvas').count()).toBe(2);
    await waitState(page, 's.stepsDone >= 40');
    expect(errors).toEqual([]);
  });

  test('GD and Adam on Himmelblau from a grid draw different basin maps', async () => {
    const { page, errors } = await open(
      '/?land=himmelblau&opt=gd(lr:0.01)&opt=adam(lr:0.05)' +
        '&starts=grid(nx:96,ny:96)&steps=300&trails=8',
    );
    await inPage(page, 'window.__basins.setSpeed("max")');
    await waitFinished(page);
    // wait for the statistics of the last step
    await waitState(page, 's.stepsDone === s.steps');
    await page.waitForTimeout(1000);
    const counts = await inPage<number[][]>(
      page,
      'window.__basins.basinCounts()',
    );
    // four minima, then other and diverged; every run counted once
    expect(counts).toHaveLength(2);
    for (const c of counts) {
      expect(c).toHaveLength(6);
      expect(c.reduce((a, b) => a + b, 0)).toBe(96 * 96);
      // each of the four basins holds a good share of the starts
      for (const n of c.slice(0, 4)) expect(n).toBeGreaterThan(0.1 * 96 * 96);
    }
    expect(counts[0]).not.toEqual(counts[1]);

    const maps = page.locator('basins-basin-maps canvas');
    const [a, b] = [
      await maps.nth(0).screenshot(),
      await maps.nth(1).screenshot(),
    ];
    const diff = await comparePngs(page, a, b);
    expect(diff.width).toBeGreaterThan(100);
    // both maps show the four basins (and little else)...
    expect(diff.colorsA).toBeGreaterThanOrEqual(4);
    expect(diff.colorsB).toBeGreaterThanOrEqual(4);
    // ...with boundaries in different places
    expect(diff.differing).toBeGreaterThan(0.01);
    expect(diff.differing).toBeLessThan(0.6);
    expect(errors).toEqual([]);
  });

  test('a hyperparameter goes into the address bar and back', async () => {
    const { page, errors } = await open('/');
    const lr = page.locator(
      'basins-param-field[name="optimizers[1].hyper.lr"] input[type=number]',
    );
    expect(await lr.inputValue()).toBe('0.05');
    await lr.fill('0.02');
    await lr.press('Enter');
    await page.waitForURL(/opt=adam\(lr:0\.02,/, { timeout: 30_000 });
    // a value that is not allowed gets its reason next to the field
    await lr.fill('-1');
    const field = page.locator(
      'basins-param-field[name="optimizers[1].hyper.lr"]',
    );
    await expect
      .poll(() => field.locator('.msg').innerText())
      .toContain('must be a number in (0, 100]');
    expect(await lr.getAttribute('aria-invalid')).toBe('true');
    expect(page.url()).toContain('opt=adam(lr:0.02,');

    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    expect(await lr.inputValue()).toBe('0.02');
    const s = await pageState(page);
    expect(s.notices).toEqual([]);
    expect(page.url()).toContain('opt=adam(lr:0.02,');
    expect(errors).toEqual([]);
  });

  test('a hostile link is ignored field by field and the page works', async () => {
    const label = encodeURIComponent('<img src=x onerror="window.__pwned=1">');
    const { page, errors } = await open(
      '/?land=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E' +
        `&opt=gd(lr:1e308,label:${label})` +
        '&opt=nosuch(lr:1)&opt=adam(beta1:NaN)' +
        '&starts=grid(nx:1e9,ny:1e9)&steps=1e308&seed=-5&noise=Infinity' +
        '&__proto__=1&constructor=x&q=0.5,7' +
        `&junk=${'A'.repeat(3000)}`,
    );
    await waitState(page, 's.stepsDone >= 5');
    const s = await pageState(page);
    expect(s.notices).toContain('link');
    expect(s.optimizers).toEqual([
      '<img src=x onerror="window.__pwned=1">',
      'Adam',
    ]);
    expect(s.runs).toBe(128 * 128);
    const notice = page.locator('basins-notice[data-id="link"]');
    expect(await notice.locator('h2').innerText()).toBe(
      'Parts of the shared link were ignored',
    );
    const listed = await notice.locator('li code').allInnerTexts();
    for (const field of [
      'land',
      'opt[0].lr',
      'opt[1]',
      'opt[2].beta1',
      'starts.nx',
      'steps',
      'seed',
      'noise',
      '__proto__',
      'q',
    ]) {
      expect(listed).toContain(field);
    }
    // nothing from the link became HTML
    expect(await inPage(page, 'window.__pwned')).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('basins-app script').count()).toBe(0);
    expect(
      await page.locator('basins-landscape .legend').innerText(),
    ).toContain('<img src=x onerror=');
    expect(await inPage(page, '({}).lr')).toBeUndefined();
    await waitState(page, 's.stepsDone >= 20');
    expect(errors).toEqual([]);
  });

  test('without WebGPU it says how to enable it and runs on the CPU', async () => {
    const { page, errors } = await open('/', { webgpu: false });
    const s = await pageState(page);
    expect(s.mode).toBe('cpu');
    expect(s.render).toBe(false);
    expect(s.runs).toBe(64 * 64);
    const help = page.locator('basins-notice[data-id="no-webgpu"] .box');
    const text = await help.innerText();
    expect(text).toContain('WebGPU is not available');
    expect(text).toContain('--enable-unsafe-webgpu');
    expect(text).toContain('Float64 reference engine');
    await waitFinished(page);
    const counts = await inPage<number[][]>(
      page,
      'window.__basins.basinCounts()',
    );
    expect(counts.map((c) => c.reduce((x, y) => x + y, 0))).toEqual([
      4096, 4096,
    ]);
    const maps = page.locator('basins-basin-maps canvas');
    const diff = await comparePngs(
      page,
      await maps.nth(0).screenshot(),
      await maps.nth(1).screenshot(),
    );
    expect(diff.colorsA).toBeGreaterThanOrEqual(4);
    expect(diff.differing).toBeGreaterThan(0.01);
    expect(errors).toEqual([]);
  });

  test('a lost device is reported and restored to the step reached', async () => {
    const { page, errors } = await open('/?steps=2000');
    await waitState(page, 's.stepsDone >= 30');
    await inPage(page, 'window.__basins.loseDevice()');
    await waitState(page, 's.phase === "lost"', 30_000);
    const lost = await pageState(page);
    expect(lost.playing).toBe(false);
    const notice = page.locator('basins-notice[kind="error"]');
    expect(await notice.count()).toBe(1);
    expect(await notice.locator('h2').innerText()).toBe(
      'The GPU device was lost',
    );
    await notice.locator('button.primary').click();
    await waitState(page, 's.phase === "ready" && s.playing', 60_000);
    const restored = await pageState(page);
    expect(restored.stepsDone).toBeGreaterThanOrEqual(lost.stepsDone);
    await waitState(page, `s.stepsDone > ${restored.stepsDone + 10}`);
    expect(await notice.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('frame rate with 65,536 runs per optimizer (reported)', async () => {
    const { page, errors } = await open(
      '/?starts=grid(nx:256,ny:256)&steps=2000',
    );
    await inPage(page, 'window.__basins.setSpeed("max")');
    await waitState(page, 's.stepsDone >= 10');
    // let the pipelines warm up, then measure for ten seconds
    await page.waitForTimeout(3000);
    const before = await pageState(page);
    await page.waitForTimeout(10_000);
    const after = await pageState(page);
    const samples = after.fpsSamples.slice(-20);
    const sorted = [...samples].sort((x, y) => x - y);
    const median = sorted[sorted.length >> 1] ?? 0;
    const stepsPerSecond = (after.stepsDone - before.stepsDone) / 10;
    console.log(
      `65,536 runs x 2 optimizers on ${after.mode}: median ` +
        `${median.toFixed(1)} fps (half-second windows: ` +
        `${samples.map((x) => x.toFixed(0)).join(' ')}), ` +
        `${stepsPerSecond.toFixed(1)} steps/s, ` +
        `${after.stepsPerFrame} step(s) per frame`,
    );
    expect(after.runs).toBe(65_536);
    expect(after.stepsDone).toBeGreaterThan(before.stepsDone);
    expect(errors).toEqual([]);
  });
});
