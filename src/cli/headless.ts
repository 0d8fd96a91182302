/**
 * Node side of the command line and the benchmark: a Vite server for the
 * sources (so WGSL imports work as in the page) and headless Chromium with
 * WebGPU, launched as scripts/chromium.ts describes.
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

/** A quiet Vite server on a free local port. */
export async function startServer(): Promise<ViteDevServer> {
  const server = await createServer({
    root,
    configFile: false,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, hmr: false },
    optimizeDeps: { include: ['webgpu-utils'] },
  });
  await server.listen();
  return server;
}

/** Loads a module of src/ in Node through Vite (WGSL ?raw imports work). */
export async function loadModule<T>(
  server: ViteDevServer,
  path: string,
): Promise<T> {
  return (await server.ssrLoadModule(`/src/${path}`)) as T;
}

/** Opens a page of the server in headless Chromium with WebGPU. */
export async function launchPage(
  server: ViteDevServer,
  path: string,
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: chromiumArgs(),
    env: chromiumEnv(),
    headless: true,
  });
  const page = await browser.newPage();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the Vite server has no local address');
  await page.goto(new URL(path, url).href);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  return { browser, page };
}
