/**
 * Writes docs/screenshot.png: the default view of the sandbox a little
 * way into its runs (WebGPU on SwiftShader in headless Chromium). Run it
 * with `npm run screenshot`.
 */
import { fileURLToPath } from 'node:url';
import {
  inPage,
  openPage,
  pageState,
  startPageServer,
  waitState,
} from './harness.ts';

const out = fileURLToPath(
  new URL('../../docs/screenshot.png', import.meta.url),
);
const STEP = Number(process.env.BASINS_SCREENSHOT_STEP ?? 36);

const server = await startPageServer();
const session = await openPage(server, '/', {
  viewport: { width: 1600, height: 1000 },
});
try {
  const { page, errors } = session;
  await waitState(page, `s.stepsDone >= ${STEP}`);
  await inPage(page, 'window.__basins.pause()');
  // let the last statistics arrive and the plot settle
  await page.waitForTimeout(1500);
  await page.mouse.move(0, 0);
  await page.screenshot({ path: out, fullPage: true });
  const s = await pageState(page);
  process.stdout.write(
    `wrote ${out} at step ${s.stepsDone} of ${s.steps} ` +
      `(${s.mode}, ${s.runs} runs per optimizer)\n`,
  );
  if (errors.length > 0) {
    process.stderr.write(`page errors:\n${errors.join('\n')}\n`);
    process.exitCode = 1;
  }
} finally {
  await session.close();
  await server.close();
}
