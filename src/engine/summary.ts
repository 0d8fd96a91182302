import type { ResultsJson } from './serialize';

const pct = (f: number) => `${(100 * f).toFixed(1)}%`;
const sci = (v: number | null | undefined) =>
  v === null || v === undefined ? 'n/a' : v.toPrecision(3);

/** A readable summary of results, one block per optimizer. */
export function summarize(r: ResultsJson): string {
  const s = r.spec;
  const where =
    r.engine === 'webgpu'
      ? `WebGPU on ${r.adapter?.vendor ?? '?'} ${r.adapter?.architecture ?? ''}`.trim()
      : 'Float64 reference on the CPU';
  const runs = r.optimizers[0]?.runs ?? 0;
  const lines = [
    `${r.landscape.name}: ${runs} runs x ${s.steps} steps, seed ${s.seed}, ` +
      `noise ${s.noise.sigma}; ${where}`,
  ];
  for (const o of r.optimizers) {
    const hyper = Object.entries(o.hyper)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const sched = o.schedule.kind === 'constant' ? '' : ` (${o.schedule.kind})`;
    lines.push('', `${o.label} [${o.id}] ${hyper}${sched}`);
    const basins = o.basins
      .map((b) => `${b.label} ${pct(b.fraction)}`)
      .join(', ');
    lines.push(`  basins:    ${basins}`);
    lines.push(
      `  other:     ${pct(o.other.fraction)} (${o.other.count} runs); ` +
        `diverged ${pct(o.diverged.fraction)} (${o.diverged.count} runs)`,
    );
    lines.push(
      `  converged: ${pct(o.converged.fraction)}, median ` +
        `${o.converged.medianSteps ?? 'n/a'} steps`,
    );
    const last = o.quantiles.values.at(-1) ?? [];
    const qs = o.quantiles.levels
      .map((q, i) => `q${Math.round(100 * q)} ${sci(last[i])}`)
      .join(', ');
    lines.push(`  final loss: ${qs} (over runs that did not diverge)`);
    const sh = o.sharpness;
    const med = (k: keyof NonNullable<typeof sh>) => sci(sh?.[k]?.median);
    if (sh)
      lines.push(
        `  sharpness: median lambda_max ${med('lambdaMax')}, trace ` +
          `${med('trace')}, eps-sharpness ${med('epsSharpness')}, SAM ` +
          `${med('samSharpness')}, local entropy ${med('localEntropy')}`,
      );
    const flat = o.basins[r.flattest];
    if (flat) {
      lines.push(
        `  flattest basin (${flat.label}): ${pct(flat.fraction)} of runs`,
      );
    }
    if (o.swa) {
      const swaBasins = o.swa.basins
        .map((b) => `${b.label} ${pct(b.fraction)}`)
        .join(', ');
      lines.push(
        `  SWA means: ${swaBasins}, other ${pct(o.swa.other.fraction)}`,
      );
    }
    lines.push(
      `  speed:     ${sci(o.runStepsPerSecond)} run-steps/s ` +
        `(${o.seconds.toFixed(3)} s)`,
    );
  }
  return lines.join('\n');
}
