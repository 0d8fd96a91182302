import type { ExperimentResult, OptimizerResult } from './results';

/** A number for JSON: non-finite values become null. */
function num(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function arr(a: ArrayLike<number>): (number | null)[] {
  return Array.from(a, num);
}

/**
 * Results as plain JSON. With `perRun`, every run's final position, loss,
 * class, divergence and convergence step, and the recorded paths.
 */
export function resultsToJson(r: ExperimentResult, perRun: boolean) {
  const opt = (o: OptimizerResult) => ({
    id: o.id,
    label: o.label,
    hyper: o.hyper,
    schedule: o.schedule,
    runs: o.runs,
    basins: o.basins,
    other: o.other,
    diverged: o.diverged,
    converged: o.converged,
    quantiles: o.quantiles,
    sharpness: o.sharpness?.summary ?? null,
    swa: o.swa
      ? { basins: o.swa.basins, other: o.swa.other, diverged: o.swa.diverged }
      : null,
    seconds: o.seconds,
    runStepsPerSecond: o.runStepsPerSecond,
    ...(perRun
      ? {
          perRun: {
            final: arr(o.final),
            loss: arr(o.loss),
            basin: Array.from(o.basin),
            divergedAt: Array.from(o.divergedAt),
            convergedAt: Array.from(o.convergedAt),
            sharpness: o.sharpness
              ? Object.fromEntries(
                  Object.entries(o.sharpness.perRun).map(([k, v]) => [
                    k,
                    arr(v),
                  ]),
                )
              : null,
            ...(o.swa
              ? {
                  swaFinal: arr(o.swa.final),
                  swaBasin: Array.from(o.swa.basin),
                }
              : {}),
          },
          trajectories: {
            count: o.trajectories.count,
            stride: o.trajectories.stride,
            runs: Array.from(o.trajectories.runs),
            points: arr(o.trajectories.points),
          },
        }
      : {}),
  });
  return {
    engine: r.engine,
    adapter: r.adapter,
    spec: r.spec,
    landscape: r.landscape,
    basinVolumes: r.basinVolumes,
    flattest: r.flattest,
    ...(perRun ? { starts: arr(r.starts) } : {}),
    optimizers: r.optimizers.map(opt),
  };
}

export type ResultsJson = ReturnType<typeof resultsToJson>;
