/**
 * The benchmark as a page of the UI: runs the suite in this browser, then
 * shows the table, a chart of run-steps per second against N, and the
 * report to download.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatReport, int, si } from './format';
import { runSuite } from './run';
import { suiteParams, type BenchReport, type ScalingPoint } from './suite';
import { WORKLOAD } from './workload';

function element<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (!e) throw new Error(`bench.html has no #${id}`);
  return e as T;
}

const form = element<HTMLFormElement>('controls');
const log = element<HTMLPreElement>('log');
const table = element<HTMLPreElement>('table');
const chartBox = element<HTMLDivElement>('chart');
const download = element<HTMLParagraphElement>('download');
const link = element<HTMLAnchorElement>('json');
let chart: uPlot | null = null;

/** Median run-steps/s of a sweep at each N, null where it has none. */
function series(ns: number[], points: ScalingPoint[]): (number | null)[] {
  return ns.map(
    (n) => points.find((p) => p.runs === n)?.runStepsPerSecond?.median ?? null,
  );
}

function drawChart(r: BenchReport): void {
  chart?.destroy();
  const ns = r.suite.params.scalingRuns;
  const opts: uPlot.Options = {
    title: 'Adam on Rosenbrock: run-steps per second against N',
    width: Math.min(900, chartBox.clientWidth || 900),
    height: 360,
    scales: {
      x: { time: false, distr: 3, log: 2 },
      y: { distr: 3, log: 10 },
    },
    axes: [
      { label: 'runs N', values: (_u, ticks) => ticks.map((t) => int(t)) },
      {
        label: 'run-steps / s',
        size: 80,
        values: (_u, ticks) => ticks.map((t) => si(t)),
      },
    ],
    series: [
      { label: 'N' },
      { label: 'fused', stroke: '#1f6feb', width: 2 },
      { label: 'one step per dispatch', stroke: '#d4731c', width: 2 },
    ],
  };
  chart = new uPlot(
    opts,
    [ns, series(ns, r.scaling.fused), series(ns, r.scaling.unfused)],
    chartBox,
  );
}

function show(r: BenchReport): void {
  table.textContent = formatReport(r);
  table.classList.remove('hidden');
  drawChart(r);
  const blob = new Blob([JSON.stringify(r, null, 2)], {
    type: 'application/json',
  });
  URL.revokeObjectURL(link.href);
  link.href = URL.createObjectURL(blob);
  download.classList.remove('hidden');
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const data = new FormData(form);
  const button = form.querySelector('button')!;
  button.disabled = true;
  log.textContent = '';
  log.classList.remove('hidden');
  const t0 = performance.now();
  const progress = (line: string) => {
    const s = ((performance.now() - t0) / 1000).toFixed(0).padStart(4);
    log.textContent += `[${s} s] ${line}\n`;
    log.scrollTop = log.scrollHeight;
  };
  const params = suiteParams(WORKLOAD, {
    quick: data.get('kind') === 'quick',
    maxRuns: Number(data.get('maxRuns')),
  });
  runSuite(params, progress)
    .then(show, (e: unknown) =>
      progress(`failed: ${e instanceof Error ? e.message : String(e)}`),
    )
    .finally(() => {
      button.disabled = false;
    });
});
document.body.dataset.ready = 'true';
