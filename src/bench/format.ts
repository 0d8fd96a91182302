/**
 * The report as a plain-text table, for the command line and the page.
 */
import type { Figure, Ratio } from './stats';
import type { BenchReport } from './suite';
import type { Parity } from './workload';

/** A number with an SI prefix and three significant digits: 4.62 M. */
export function si(x: number): string {
  const units = ['', 'k', 'M', 'G', 'T', 'P'];
  let i = 0;
  let v = x;
  while (Math.abs(v) >= 999.5 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toPrecision(3)}${units[i] ? ` ${units[i]}` : ''}`;
}

/** An integer with thousands separators: 262,144. */
export function int(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Median and min-max range of a figure. */
export function fig(f: Figure | undefined, digits = 3): string {
  if (!f) return '-';
  const p = (x: number) => (digits === 3 ? si(x) : x.toFixed(digits));
  return `${p(f.median)} [${p(f.min)}-${p(f.max)}]`;
}

function ratioText(r: Ratio | undefined): string {
  if (!r) return '-';
  const p = (x: number) => (x >= 10 ? x.toFixed(0) : x.toFixed(2));
  return `${p(r.median)}x [${p(r.min)}-${p(r.max)}]`;
}

/** A parity check in a cell: pass 2.0e-7 <= 0.0001. */
function parityText(par: Parity): string {
  return (
    `${par.pass ? 'pass' : 'FAIL'} ${par.maxAbsDiff.toExponential(1)}` +
    ` <= ${par.tolerance.atol}` +
    (par.tolerance.rtol ? ` + ${par.tolerance.rtol}|x|` : '') +
    (par.pass ? '' : ` (${par.mismatches} off)`)
  );
}

/** The peers, of either workload, whose parity check failed. */
export function parityFailures(r: BenchReport): string[] {
  return [
    ...r.peers
      .filter((q) => q.parity && !q.parity.pass)
      .map((q) => `${q.label} (N ${q.runs})`),
    ...(r.networks?.peers ?? [])
      .filter((q) => q.parity && !q.parity.pass)
      .map((q) => `${q.label} (${q.runs} networks)`),
  ];
}

/** The first line of an error message, shortened to fit a cell. */
function short(error: string, max = 60): string {
  const line = error.split('\n')[0]!;
  return line.length > max ? `${line.slice(0, max - 3)}...` : line;
}

function pct(x: number | undefined): string {
  return x === undefined ? '-' : `${(100 * x).toFixed(1)}%`;
}

/** Left-aligned first column, right-aligned others, two spaces between. */
function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, c) =>
    Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)),
  );
  const line = (r: string[]) =>
    r
      .map((cell, c) =>
        c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!),
      )
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].map((l) => `  ${l}`);
}

/** The whole report as text. */
export function formatReport(r: BenchReport): string {
  const p = r.suite.params;
  const w = p.workload;
  const env = r.environment;
  const a = env.adapter;
  const out: string[] = [];
  out.push(
    `Basins benchmark ${r.suite.version} (${p.kind} suite), ${r.date}`,
    `${env.browser.name} ${env.browser.version}; adapter ${a.vendor} ` +
      `${a.architecture}${a.description ? ` (${a.description})` : ''}` +
      `${a.isFallbackAdapter ? ', fallback adapter' : ''}; ` +
      `${env.hardwareConcurrency} logical CPUs; fused kernel ` +
      `${env.runsPerInvocation} run${env.runsPerInvocation === 1 ? '' : 's'}` +
      ' per invocation',
    ...(env.loadAverage
      ? [
          `Machine load average (1 min): ${env.loadAverage.before[0]!.toFixed(2)}` +
            ` before, ${env.loadAverage.after[0]!.toFixed(2)} after the suite`,
        ]
      : []),
    `Workload: Adam (lr ${w.lr}, betas ${w.beta1}/${w.beta2}, eps ${w.eps})` +
      ` on Rosenbrock (a ${w.a}, b ${w.b}), uniform starts, seed ${w.seed}.`,
    `Each figure: median [min-max] of ${p.reps} repetitions after a ` +
      `warm-up; work sized to ~${p.targetSeconds} s a repetition.`,
    '',
  );

  out.push('Device limits, measured');
  const fma = r.peak.fma;
  const copy = r.peak.copy;
  out.push(
    ...table(
      ['kernel', 'rate', 'work per repetition'],
      [
        [
          'peak FMA (vec4 chains)',
          fma ? `${fig(fma.gflops)} GFLOP/s` : '-',
          fma
            ? `${int(fma.invocations)} inv. x ${int(fma.iterations)} trips x ` +
              `64 FLOP x ${fma.dispatches}`
            : '',
        ],
        [
          'copy bandwidth',
          copy ? `${fig(copy.gbps)} GB/s` : '-',
          copy
            ? `${int(copy.bufferBytes / 2 ** 20)} MiB read + written x ` +
              `${copy.dispatches}`
            : '',
        ],
      ],
    ),
  );
  for (const e of r.peak.errors) out.push(`  error: ${e}`);
  out.push('');

  const c = r.counts;
  out.push(
    `Scaling: Adam on Rosenbrock, run-steps/s. Fused: ${c.opsPerRunStep} ` +
      `FLOP per run-step, share of peak FMA; one step per dispatch: ` +
      `${c.unfusedBytesPerRunStep} bytes per run-step, share of copy ` +
      `bandwidth.`,
  );
  const rows = p.scalingRuns.map((n) => {
    const f = r.scaling.fused.find((x) => x.runs === n);
    const u = r.scaling.unfused.find((x) => x.runs === n);
    const gain =
      f?.runStepsPerSecond && u?.runStepsPerSecond
        ? `${(f.runStepsPerSecond.median / u.runStepsPerSecond.median).toFixed(1)}x`
        : '-';
    return [
      int(n),
      f?.steps ? int(f.steps) : '-',
      f?.error ? 'n/a' : fig(f?.runStepsPerSecond),
      pct(f?.share),
      u?.steps ? int(u.steps) : '-',
      u?.error ? 'n/a' : fig(u?.runStepsPerSecond),
      pct(u?.share),
      gain,
    ];
  });
  out.push(
    ...table(
      [
        'N',
        'steps',
        'fused',
        '% peak',
        'steps',
        '1 step/dispatch',
        '% bw',
        'fusion',
      ],
      rows,
    ),
  );
  for (const x of [...r.scaling.fused, ...r.scaling.unfused]) {
    if (x.error) out.push(`  N ${int(x.runs)}: ${short(x.error, 200)}`);
  }
  out.push('');

  out.push(
    `Families at N = ${int(p.comparisonRuns)}, fused (run-steps/s)`,
    ...table(
      ['optimizer', 'family', 'hyper', 'steps', 'run-steps/s', 'diverged'],
      r.families.map((f) => [
        f.id,
        f.family,
        Object.entries(f.hyper)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
        f.steps ? int(f.steps) : '-',
        f.error ? `error: ${short(f.error)}` : fig(f.runStepsPerSecond),
        pct(f.divergedFraction),
      ]),
    ),
    '',
  );

  out.push(
    'Peers (same work, same starts); ratio = Basins fused / peer, ' +
      'parity = max |final - Basins final| vs tolerance',
  );
  const peerRows: string[][] = [];
  for (const n of p.peerRuns) {
    const f = r.scaling.fused.find((x) => x.runs === n);
    peerRows.push([
      `Basins fused, N ${int(n)}`,
      f?.steps ? int(f.steps) : '-',
      fig(f?.runStepsPerSecond),
      '1x',
      '',
    ]);
    for (const q of r.peers.filter((x) => x.runs === n)) {
      const par = q.parity;
      peerRows.push([
        `${q.label}`,
        q.steps ? int(q.steps) : '-',
        q.error ? `error: ${short(q.error)}` : fig(q.runStepsPerSecond),
        ratioText(q.basinsOverPeer),
        par ? parityText(par) : '-',
      ]);
    }
  }
  out.push(
    ...table(['peer', 'steps', 'run-steps/s', 'ratio', 'parity'], peerRows),
    '',
  );

  const nw = r.networks;
  if (nw) {
    out.push(
      `Network training: ${int(nw.runs)} networks of ${nw.parameters} ` +
        'parameters; ratio = Basins / peer, parity = max |parameter - ' +
        "Basins'| after the steps shown vs tolerance",
    );
    const rows: string[][] = [
      [
        'Basins',
        int(nw.steps),
        nw.error ? `error: ${short(nw.error)}` : fig(nw.networkStepsPerSecond),
        '1x',
        '',
      ],
    ];
    for (const q of nw.peers) {
      rows.push([
        q.label,
        q.steps ? int(q.steps) : '-',
        q.error ? `error: ${short(q.error)}` : fig(q.networkStepsPerSecond),
        ratioText(q.basinsOverPeer),
        q.parity ? `${parityText(q.parity)} (${q.parity.steps} steps)` : '-',
      ]);
    }
    out.push(
      ...table(['', 'steps', 'network-steps/s', 'ratio', 'parity'], rows),
      '',
    );
  }

  out.push(`Engine frame time: ${r.frameTime.note}`);
  out.push(
    ...table(
      ['N', 'steps/frame', 'ms'],
      r.frameTime.points.map((f) => [
        int(f.runs),
        String(f.stepsPerFrame),
        f.error ? `error: ${short(f.error)}` : fig(f.ms, 2),
      ]),
    ),
    '',
  );

  const fr = r.firstResult;
  if (fr) {
    out.push(
      `Time to first result (N = ${int(fr.runs)}, ${fr.steps} steps), ms`,
      ...table(
        ['', 'device', 'create (pipelines)', 'first dispatch', 'total'],
        [
          [
            'cold (first in page)',
            fr.cold.device.toFixed(1),
            fr.cold.pipelines.toFixed(1),
            fr.cold.firstDispatch.toFixed(1),
            fr.cold.total.toFixed(1),
          ],
          [
            'warm',
            fig(fr.warm.device, 1),
            fig(fr.warm.pipelines, 1),
            fig(fr.warm.firstDispatch, 1),
            fig(fr.warm.total, 1),
          ],
        ],
      ),
      '',
    );
  }

  out.push('Targets');
  out.push(
    ...table(
      ['target', 'goal', 'measured', ''],
      r.targets.map((t) => [
        t.name,
        t.goal,
        t.measured === null ? '-' : t.measured.toPrecision(3),
        t.pass ? 'MET' : 'NOT MET',
      ]),
    ),
  );
  const failed = parityFailures(r);
  if (failed.length) out.push('', `PARITY FAILED for ${failed.join(', ')}`);
  out.push('', ...r.notes.map((n) => `Note: ${n}`));
  out.push(`Suite time: ${r.seconds.toFixed(0)} s`);
  return out.join('\n');
}
