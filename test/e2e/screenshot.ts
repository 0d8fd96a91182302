/**
 * Writes docs/screenshot.png: the default view of the sandbox a little
 * way into its runs, paused, with the sharpness of the paused runs
 * measured (WebGPU on SwiftShader in headless Chromium). Run it with
 * `npm run screenshot`.
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
  // the sharpness panel measures the paused runs once it is on screen
  await page.locator('basins-sharpness').scrollIntoViewIfNeeded();
  await page.waitForFunction(
    `(() => {
      const b = window.__basins;
      return b.sharpness()?.step === b.state().stepsDone;
    })()`,
    undefined,
    { timeout: 60_000, polling: 200 },
  );
  await page.evaluate('window.scrollTo(0, 0)');
  // let the last statistics arrive and the plots settle
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
