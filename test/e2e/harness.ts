/**
 * Page tests' harness: a Vite dev server for the sources and headless
 * Chromium (SwiftShader WebGPU, as scripts/chromium.ts launches it), with
 * every console error and uncaught exception of the page collected.
 */
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright';
import { createServer, type ViteDevServer } from 'vite';
import {
  chromiumArgs,
  chromiumEnv,
  chromiumPath,
} from '../../scripts/chromium.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A quiet Vite server on a free local port, dependencies pre-bundled. */
export async function startPageServer(): Promise<ViteDevServer> {
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, hmr: false },
    // bundled up front, so that no late discovery reloads a page under test
    optimizeDeps: {
      entries: ['index.html', 'networks.html'],
      include: ['lit', 'lit/decorators.js', 'uplot', 'webgpu-utils'],
    },
  });
  await server.listen();
  return server;
}

export function baseUrl(server: ViteDevServer): string {
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the Vite server has no local address');
  return url;
}

export interface PageSession {
  browser: Browser;
  page: Page;
  /** Console errors and uncaught exceptions, in order. */
  errors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** false: the page sees no WebGPU at all (navigator.gpu and GPU*). */
  webgpu?: boolean;
  viewport?: { width: number; height: number };
}

/**
 * Removes every trace of WebGPU before the page's scripts run, as in a
 * browser without it. (Text, not a function: the test runner's transform
 * may add helpers to functions that do not exist in the page.)
 */
const HIDE_WEBGPU = `
  Object.defineProperty(Navigator.prototype, 'gpu', {
    get: () => undefined,
    configurable: true,
  });
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    if (/^GPU/.test(name)) delete globalThis[name];
  }
`;

/** Launches Chromium and opens `path` of the server; waits for the app. */
export async function openPage(
  server: ViteDevServer,
  path: string,
  opts: OpenOptions = {},
): Promise<PageSession> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs(),
    env: chromiumEnv(),
    headless: true,
  });
  const page = await browser.newPage({
    viewport: opts.viewport ?? { width: 1600, height: 1000 },
  });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  if (opts.webgpu === false) await page.addInitScript({ content: HIDE_WEBGPU });
  await page.goto(new URL(path, baseUrl(server)).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 90_000 });
  return {
    browser,
    page,
    errors,
    close: () => browser.close(),
  };
}

/** The state the page exposes to its tests (window.__basins). */
export interface PageState {
  mode: string | null;
  phase: string;
  playing: boolean;
  stepsDone: number;
  steps: number;
  runs: number;
  fps: number;
  fpsSamples: number[];
  stepsPerFrame: number;
  optimizers: string[];
  notices: string[];
  issues: { path: string; message: string }[];
  error: string | null;
  render: boolean;
}

/**
 * Runs an expression in the page. Expressions are sent as text: functions
 * would be compiled by the test runner, whose helpers the page lacks.
 */
export function inPage<T>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

export function pageState(page: Page): Promise<PageState> {
  return inPage(page, 'window.__basins.state()');
}

/** Waits until an expression over `s` (the page state) is true. */
export async function waitState(
  page: Page,
  condition: string,
  timeout = 180_000,
): Promise<void> {
  await page.waitForFunction(
    `(() => { const s = window.__basins?.state(); return !!s && (${condition}); })()`,
    undefined,
    { timeout, polling: 200 },
  );
}

/** Waits until the runs have reached the last step and stopped. */
export function waitFinished(page: Page, timeout = 180_000): Promise<void> {
  return waitState(
    page,
    's.phase === "ready" && s.steps > 0 && s.stepsDone >= s.steps && !s.playing',
    timeout,
  );
}

/** How two PNG images (same size) compare, pixel by pixel. */
export interface PixelDiff {
  width: number;
  height: number;
  /** Share of pixels whose colours differ by more than a few levels. */
  differing: number;
  /** Distinct colours covering at least 1% of each image. */
  colorsA: number;
  colorsB: number;
}

/** Decodes two PNGs in the page (canvas 2D) and compares their pixels. */
export function comparePngs(
  page: Page,
  a: Buffer,
  b: Buffer,
): Promise<PixelDiff> {
  const script = `(async (a, b) => {
    const decode = async (b64) => {
      const blob = await (await fetch('data:image/png;base64,' + b64)).blob();
      const bmp = await createImageBitmap(blob);
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const ctx = c.getContext('2d');
      ctx.drawImage(bmp, 0, 0);
      return ctx.getImageData(0, 0, bmp.width, bmp.height);
    };
    const colors = (img) => {
      const n = new Map();
      for (let i = 0; i < img.data.length; i += 4) {
        const k = (img.data[i] >> 3) + '.' + (img.data[i + 1] >> 3) + '.' + (img.data[i + 2] >> 3);
        n.set(k, (n.get(k) ?? 0) + 1);
      }
      const total = img.width * img.height;
      return [...n.values()].filter((v) => v >= 0.01 * total).length;
    };
    const A = await decode(a);
    const B = await decode(b);
    const w = Math.min(A.width, B.width);
    const h = Math.min(A.height, B.height);
    let diff = 0;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = 4 * (y * A.width + x);
        const j = 4 * (y * B.width + x);
        const d = Math.abs(A.data[i] - B.data[j]) + Math.abs(A.data[i + 1] - B.data[j + 1]) + Math.abs(A.data[i + 2] - B.data[j + 2]);
        if (d > 24) diff++;
      }
    }
    return { width: w, height: h, differing: diff / (w * h), colorsA: colors(A), colorsB: colors(B) };
  })(${JSON.stringify(a.toString('base64'))}, ${JSON.stringify(b.toString('base64'))})`;
  return inPage(page, script);
}

/**
 * How many pixels of a PNG lie within `tolerance` (sum of the absolute
 * channel differences) of each CSS hex colour, decoded in the page.
 */
export function colorPixels(
  page: Page,
  png: Buffer,
  colors: string[],
  tolerance = 48,
): Promise<number[]> {
  const script = `(async (b64, colors, tol) => {
    const blob = await (await fetch('data:image/png;base64,' + b64)).blob();
    const bmp = await createImageBitmap(blob);
    const c = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = c.getContext('2d');
    ctx.drawImage(bmp, 0, 0);
    const d = ctx.getImageData(0, 0, bmp.width, bmp.height).data;
    const rgb = colors.map((h) => {
      const v = parseInt(h.slice(1), 16);
      return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
    });
    const n = rgb.map(() => 0);
    for (let i = 0; i < d.length; i += 4) {
      rgb.forEach(([r, g, b], k) => {
        const e = Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b);
        if (e <= tol) n[k]++;
      });
    }
    return n;
  })(${JSON.stringify(png.toString('base64'))}, ${JSON.stringify(colors)}, ${tolerance})`;
  return inPage(page, script);
}
