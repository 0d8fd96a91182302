/**
 * The network page in headless Chromium (WebGPU on SwiftShader): it
 * trains Adam against SGD on XOR and draws every view, validates the
 * form next to its fields, survives hostile links, and without WebGPU
 * says how to enable it and trains a tiny experiment on the CPU.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { NetworksTestHooks } from '../../src/ui/networks/basins-networks';
import { inPage, openPage, startPageServer, type PageSession } from './harness';

type NetState = ReturnType<NetworksTestHooks['state']>;
type NetInk = ReturnType<NetworksTestHooks['ink']>;

let server: ViteDevServer;
let session: PageSession | null = null;

beforeAll(async () => {
  server = await startPageServer();
});

afterAll(async () => {
  await session?.close();
  await server?.close();
});

async function open(path: string, opts: Parameters<typeof openPage>[2] = {}) {
  await session?.close();
  session = await openPage(server, path, opts);
  return session;
}

const netState = (page: Page) =>
  inPage<NetState>(page, 'window.__basinsNetworks.state()');
const netInk = (page: Page) =>
  inPage<NetInk>(page, 'window.__basinsNetworks.ink()');

/** Waits until training has ended, well or badly. */
async function waitTrained(page: Page, timeout = 120_000): Promise<void> {
  await page.waitForFunction(
    `(() => { const s = window.__basinsNetworks?.state();
      return !!s && (s.phase === 'done' || s.phase === 'error'); })()`,
    undefined,
    { timeout, polling: 200 },
  );
}

/** `?spec=` of a spec, as the page writes it. */
function link(spec: unknown): string {
  return `?spec=${Buffer.from(JSON.stringify(spec)).toString('base64url')}`;
}

const XOR = {
  network: {
    dataset: { kind: 'xor', n: 200, noise: 0.05 },
    widths: [2, 8, 8, 1],
    activation: 'tanh',
    loss: 'bce',
  },
  optimizers: [
    { id: 'adam', hyper: { lr: 0.03 }, batchSize: 16 },
    { id: 'gd', hyper: { lr: 0.3 }, batchSize: 16 },
  ],
  runs: 256,
  steps: 150,
  seed: 1,
};

/** Every view shows something: points, regions, a heatmap, curves. */
function expectViews(ink: NetInk, thumbnails: number): void {
  // lane-coloured points of the scatter
  expect(ink.scatter?.matching).toBeGreaterThan(30);
  expect(ink.thumbs).toHaveLength(thumbnails);
  for (const t of ink.thumbs) {
    expect(t.painted).toBeGreaterThan(0);
    // two class regions and the points over them
    expect(t.colors).toBeGreaterThanOrEqual(2);
  }
  // a heatmap of several viridis bands
  expect(ink.slice?.colors).toBeGreaterThanOrEqual(4);
  // the two curves of the path
  expect(ink.path?.matching).toBeGreaterThan(50);
}

describe('the network page', () => {
  test('trains Adam against SGD on XOR and draws every view', async () => {
    const { page, errors } = await open(`/networks.html${link(XOR)}`);
    await waitTrained(page);
    const s = await netState(page);
    expect(s.error).toBeNull();
    expect(s.mode).toBe('gpu');
    expect(s.notices).toEqual([]);
    expect(s.lanes.map((l) => l.runs)).toEqual([256, 256]);
    expect(s.lanes[0]!.medianTrainAccuracy).toBeGreaterThanOrEqual(0.9);
    // the table says the same
    const cell = page.locator(
      'basins-net-table tr[data-lane="0"] [data-field="trainAccuracy"]',
    );
    const shown = parseFloat(await cell.innerText()) / 100;
    expect(shown).toBeCloseTo(s.lanes[0]!.medianTrainAccuracy, 3);
    expect(Number.isFinite(s.barrier)).toBe(true);
    expect(await page.locator('basins-net-path .barrier').innerText()).toMatch(
      /^Barrier: /,
    );
    expectViews(await netInk(page), 12);
    // the address bar holds the experiment
    expect(new URL(page.url()).searchParams.get('spec')).toBeTruthy();
    expect(errors).toEqual([]);
  });

  test('a SAM lane is named with its rho in the table and has its own colour in the scatter', async () => {
    // demos/nn-sam-sharpness.json, smaller
    const demo = JSON.parse(
      readFileSync(
        new URL('../../demos/nn-sam-sharpness.json', import.meta.url),
        'utf8',
      ),
    ) as Record<string, unknown>;
    const { page, errors } = await open(
      `/networks.html${link({ ...demo, runs: 128, steps: 200 })}`,
    );
    await waitTrained(page);
    const s = await netState(page);
    expect(s.error).toBeNull();
    expect(s.lanes.map((l) => l.label)).toEqual([
      'GD / SGD, B=16',
      'GD / SGD + SAM ρ=0.05, B=16',
      'GD / SGD, B=full',
    ]);
    expect(
      await page.locator('basins-net-table tr[data-lane="1"] th').innerText(),
    ).toContain('SAM ρ=0.05');
    // the form holds the SAM lane as the link gave it
    expect(await page.locator('#lane1-gradient').inputValue()).toBe('sam');
    expect(await page.locator('#lane1-rho').inputValue()).toBe('0.05');
    expect(await page.locator('#lane0-rho').isDisabled()).toBe(true);
    // points of each lane's own colour
    const byColor = (await netInk(page)).scatter!.byColor;
    expect(byColor).toHaveLength(3);
    for (const n of byColor) expect(n).toBeGreaterThan(30);
    expect(errors).toEqual([]);
  });

  test('a lane sampling by epochs keeps its sampling from link to form to link', async () => {
    const epochs = {
      ...XOR,
      optimizers: [
        XOR.optimizers[0],
        { ...XOR.optimizers[0], sampling: 'epochs' },
      ],
      runs: 64,
      steps: 50,
    };
    const { page, errors } = await open(`/networks.html${link(epochs)}`);
    await waitTrained(page);
    const s = await netState(page);
    expect(s.error).toBeNull();
    expect(s.lanes.map((l) => l.label)).toEqual([
      'Adam, B=16',
      'Adam, B=16, epochs',
    ]);
    expect(await page.locator('#lane0-sampling').inputValue()).toBe(
      'replacement',
    );
    expect(await page.locator('#lane1-sampling').inputValue()).toBe('epochs');
    const written = JSON.parse(
      Buffer.from(
        new URL(page.url()).searchParams.get('spec')!,
        'base64url',
      ).toString(),
    ) as { optimizers: { sampling?: string }[] };
    expect(written.optimizers.map((o) => o.sampling)).toEqual([
      undefined,
      'epochs',
    ]);
    expect(errors).toEqual([]);
  });

  test('a hostile link gives a notice and the page still trains', async () => {
    const hostile = {
      network: {
        dataset: { kind: '<img src=x onerror="window.__pwned=1">' },
        widths: 'lots',
      },
      optimizers: [{ id: '<script>window.__pwned=1</script>' }],
      runs: 1e9,
      __proto__: { polluted: 1 },
    };
    // garbage first: not even base64
    const garbage = await open(
      '/networks.html?spec=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E' +
        '&steps=1e308',
    );
    expect((await netState(garbage.page)).notices).toContain('link');
    expect(garbage.errors).toEqual([]);
    const { page, errors } = await open(`/networks.html${link(hostile)}`);
    const s = await netState(page);
    expect(s.notices).toContain('link');
    const notice = page.locator('basins-notice[data-id="link"]');
    expect(await notice.locator('h2').innerText()).toBe(
      'The shared link could not be used',
    );
    const listed = await notice.locator('li code').allInnerTexts();
    for (const field of [
      'network.dataset.kind',
      'network.widths',
      'optimizers[0].id',
      'runs',
    ]) {
      expect(listed).toContain(field);
    }
    expect(await inPage(page, 'window.__pwned')).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
    expect(await inPage(page, '({}).polluted')).toBeUndefined();

    // the default experiment trains; then a smaller one from the form
    await waitTrained(page);
    expect((await netState(page)).phase).toBe('done');
    const widths = page.getByLabel('widths (input-…-output)');
    await widths.fill('2-8-x-1');
    await expect
      .poll(() => page.locator('#widths-msg').innerText())
      .toContain('whole numbers joined by "-"');
    expect(await widths.getAttribute('aria-invalid')).toBe('true');
    const train = page.getByRole('button', { name: 'Train' });
    expect(await train.isDisabled()).toBe(true);
    await widths.fill('2-6-1');
    await page.getByLabel('networks per optimizer').fill('64');
    await page.getByLabel('steps').fill('60');
    await train.click();
    await page.waitForFunction(
      `window.__basinsNetworks.state().phase === 'done' &&
       window.__basinsNetworks.state().lanes[0]?.runs === 64`,
      undefined,
      { timeout: 60_000, polling: 200 },
    );
    expect(await inPage(page, 'window.__pwned')).toBeUndefined();
    expect(errors).toEqual([]);
  });

  test('without WebGPU it says how to enable it and trains on the CPU', async () => {
    const { page, errors } = await open('/networks.html', { webgpu: false });
    const help = page.locator('basins-notice[data-id="no-webgpu"] .box');
    const text = await help.innerText();
    expect(text).toContain('WebGPU is not available');
    expect(text).toContain('--enable-unsafe-webgpu');
    expect(text).toContain('Float64 reference engine');
    await waitTrained(page, 60_000);
    const s = await netState(page);
    expect(s.error).toBeNull();
    expect(s.mode).toBe('cpu');
    expect(s.lanes.map((l) => l.runs)).toEqual([16, 16]);
    expectViews(await netInk(page), 12);
    expect(errors).toEqual([]);
  });
});
