/**
 * The page `npm run bench` drives in headless Chromium: it runs the suite
 * in this one page load and hands the report back as JSON text. Progress
 * lines go to `window.basinsBenchProgress` when the command line exposes
 * it.
 */
import { BasinsError } from '../util/errors';
import { runSuite } from './run';
import { suiteParams, type SuiteOverrides } from './suite';
import { WORKLOAD } from './workload';

interface BenchApi {
  /** Runs the suite; resolves to the report as JSON, or to {error}. */
  run(overrides: SuiteOverrides): Promise<string>;
}

declare global {
  interface Window {
    basinsBench?: BenchApi;
    basinsBenchProgress?: (line: string) => void;
  }
}

window.basinsBench = {
  async run(overrides) {
    try {
      const params = suiteParams(WORKLOAD, overrides);
      const report = await runSuite(params, (line) =>
        window.basinsBenchProgress?.(line),
      );
      return JSON.stringify(report);
    } catch (e) {
      const code = e instanceof BasinsError ? e.code : 'INTERNAL';
      const message = e instanceof Error ? e.message : String(e);
      return JSON.stringify({ error: { code, message } });
    }
  },
};
document.body.dataset.ready = 'true';
