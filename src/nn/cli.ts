/**
 * Network experiments for the command line and the page: JSON in, JSON
 * out. `runNetworkSpec` has the shape of the runner page's `run` (JSON
 * text back, `{ error }` on failure), so a runner dispatches on the
 * spec's `network` key with `isNetworkSpec` and calls it; the Node side
 * prints `summarizeNetworks` of the parsed text, and runs
 * `runNetworkSpecReference` for `--reference`.
 */
import { requestGpu, type Gpu } from '../engine/gpu';
import { BasinsError } from '../util/errors';
import { runNetworkExperiment } from './engine';
import { runNetworkReference } from './reference';
import type { LossQuantiles, NetExperimentResult } from './results';
import { resolveNetworkSpec } from './spec';

export { isNetworkSpec } from './spec';

/** A number for JSON: non-finite values become null. */
function num(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function arr(a: ArrayLike<number>): (number | null)[] {
  return Array.from(a, num);
}

function nums<T extends Record<string, number>>(o: T) {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, num(v)]),
  ) as Record<keyof T, number | null>;
}

/** Results as plain JSON; with `perRun`, every network's measures. */
export function netResultsToJson(r: NetExperimentResult, perRun: boolean) {
  return {
    engine: r.engine,
    adapter: r.adapter,
    spec: r.spec,
    dataset: r.dataset,
    parameters: r.parameters,
    lanes: r.lanes.map((l) => ({
      id: l.id,
      label: l.label,
      hyper: l.hyper,
      schedule: l.schedule,
      batchSize: l.batchSize,
      runs: l.runs,
      diverged: l.diverged,
      median: nums(l.median),
      sharpness: l.sharpness ? nums(l.sharpness.median) : null,
      trainQuantiles: l.trainQuantiles as LossQuantiles,
      testQuantiles: l.testQuantiles as LossQuantiles,
      seconds: l.seconds,
      networkStepsPerSecond: l.networkStepsPerSecond,
      ...(perRun
        ? {
            perRun: {
              trainLoss: arr(l.trainLoss),
              testLoss: arr(l.testLoss),
              trainAccuracy: arr(l.trainAccuracy),
              testAccuracy: arr(l.testAccuracy),
              gap: arr(l.gap),
              divergedAt: Array.from(l.divergedAt),
              ...(l.sharpness
                ? {
                    lambdaMax: arr(l.sharpness.lambdaMax),
                    trace: arr(l.sharpness.trace),
                    epsSharpness: arr(l.sharpness.epsSharpness),
                  }
                : {}),
            },
          }
        : {}),
    })),
  };
}

export type NetResultsJson = ReturnType<typeof netResultsToJson>;

function failure(e: unknown): string {
  const code = e instanceof BasinsError ? e.code : 'INTERNAL';
  const message = e instanceof Error ? e.message : String(e);
  return JSON.stringify({ error: { code, message } });
}

/**
 * Validates and runs a network spec on the GPU; resolves to the results
 * as JSON text, or to `{ error: { code, message } }`. Without a device
 * given, it requests one and destroys it afterwards.
 */
export async function runNetworkSpec(
  input: unknown,
  perRun = false,
  gpu?: Gpu,
): Promise<string> {
  try {
    const spec = resolveNetworkSpec(input);
    const device = gpu ?? (await requestGpu());
    try {
      const r = await runNetworkExperiment(device, spec);
      return JSON.stringify(netResultsToJson(r, perRun));
    } finally {
      if (!gpu) device.device.destroy();
    }
  } catch (e) {
    return failure(e);
  }
}

/** The same on the CPU with the Float64 reference (small specs only). */
export function runNetworkSpecReference(
  input: unknown,
  perRun = false,
): string {
  try {
    const spec = resolveNetworkSpec(input);
    return JSON.stringify(netResultsToJson(runNetworkReference(spec), perRun));
  } catch (e) {
    return failure(e);
  }
}

const sci = (v: number | null | undefined) =>
  v === null || v === undefined ? 'n/a' : v.toPrecision(3);
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? 'n/a' : `${(100 * v).toFixed(1)}%`;

/** A readable summary of network results, one block per lane. */
export function summarizeNetworks(r: NetResultsJson): string {
  const s = r.spec;
  const where =
    r.engine === 'webgpu'
      ? `WebGPU on ${r.adapter?.vendor ?? '?'} ${r.adapter?.architecture ?? ''}`.trim()
      : 'Float64 reference on the CPU';
  const d = r.dataset;
  const lines = [
    `Networks ${s.network.widths?.join('-')} (${r.parameters} parameters, ` +
      `${s.network.activation}, ${s.network.loss}, l2 ${s.network.l2}) on ` +
      `${d.kind}: ${d.nTrain} training and ${d.nTest} test points; ` +
      `${s.runs} networks x ${s.steps} steps per optimizer, seed ` +
      `${s.seed}; ${where}`,
  ];
  for (const l of r.lanes) {
    const hyper = Object.entries(l.hyper)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const sched = l.schedule.kind === 'constant' ? '' : ` (${l.schedule.kind})`;
    const m = l.median;
    lines.push('', `${l.label} [${l.id}] ${hyper}${sched}`);
    lines.push(
      `  median loss: train ${sci(m.trainLoss)}, test ${sci(m.testLoss)}, ` +
        `gap ${sci(m.gap)}`,
    );
    if (d.task === 'classification') {
      lines.push(
        `  median accuracy: train ${pct(m.trainAccuracy)}, test ` +
          `${pct(m.testAccuracy)}`,
      );
    }
    lines.push(`  diverged: ${l.diverged} of ${l.runs}`);
    if (l.sharpness) {
      lines.push(
        `  median sharpness: lambda_max ${sci(l.sharpness.lambdaMax)}, ` +
          `trace ${sci(l.sharpness.trace)}, eps-sharpness ` +
          `${sci(l.sharpness.epsSharpness)}`,
      );
    }
    lines.push(
      `  speed: ${Math.round(l.networkStepsPerSecond)} network-steps/s ` +
        `(${l.seconds.toFixed(2)} s)`,
    );
  }
  return lines.join('\n');
}
