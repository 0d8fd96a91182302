/**
 * The page the command line drives in headless Chromium: it runs a spec
 * through the same engine as the sandbox and hands back JSON text.
 */
import { runExperiment } from '../engine/experiment';
import { requestGpu } from '../engine/gpu';
import { resultsToJson } from '../engine/serialize';
import { runNetworkSpec } from '../nn/cli';
import { isNetworkSpec } from '../nn/spec';
import { resolveSpec } from '../spec/validate';
import { BasinsError } from '../util/errors';

interface RunnerApi {
  /** Runs a spec; resolves to JSON text, or to {error} on failure. */
  run(spec: unknown, perRun: boolean): Promise<string>;
}

declare global {
  interface Window {
    basins?: RunnerApi;
  }
}

window.basins = {
  async run(input, perRun) {
    if (isNetworkSpec(input)) return runNetworkSpec(input, perRun);
    try {
      const spec = resolveSpec(input);
      const gpu = await requestGpu();
      try {
        const r = await runExperiment(gpu, spec);
        return JSON.stringify(resultsToJson(r, perRun));
      } finally {
        gpu.device.destroy();
      }
    } catch (e) {
      const code = e instanceof BasinsError ? e.code : 'INTERNAL';
      const message = e instanceof Error ? e.message : String(e);
      return JSON.stringify({ error: { code, message } });
    }
  },
};
document.body.dataset.ready = 'true';
