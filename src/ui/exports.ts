/**
 * Files the page hands out: per-run results as CSV, results and spec as
 * JSON, the picture as PNG. Downloads go through a Blob and an object URL.
 */
import type { ExperimentResult } from '../engine/results';
import { className } from './run-detail';

/** Offers `blob` as a download named `name`. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A CSV cell: quoted when it holds a separator, a quote or a line break;
 * text that a spreadsheet would run as a formula gets a leading quote.
 */
export function csvCell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  if (/[",\n\r]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}

/**
 * One row per start: run, start x and y, then for each optimizer its end
 * x and y, loss, basin, step of divergence and steps to converge (0: none).
 * Returned as parts of a Blob, so a million runs need no single string.
 */
export function resultsCsv(r: ExperimentResult): string[] {
  const head = ['run', 'start_x', 'start_y'];
  r.optimizers.forEach((o, i) => {
    const p = `${i + 1}_${o.label}`;
    for (const f of [
      'end_x',
      'end_y',
      'loss',
      'basin',
      'diverged_at',
      'converged_at',
    ]) {
      head.push(`${p}_${f}`);
    }
  });
  const names = new Map<number, string>();
  const name = (cls: number) => {
    let s = names.get(cls);
    if (s === undefined) {
      s = csvCell(className(r, cls));
      names.set(cls, s);
    }
    return s;
  };
  const parts: string[] = [head.map(csvCell).join(',') + '\n'];
  const n = r.starts.length / 2;
  let chunk: string[] = [];
  for (let i = 0; i < n; i++) {
    const row: (string | number)[] = [
      i,
      r.starts[2 * i]!,
      r.starts[2 * i + 1]!,
    ];
    for (const o of r.optimizers) {
      row.push(
        o.final[2 * i]!,
        o.final[2 * i + 1]!,
        o.loss[i]!,
        name(o.basin[i]!),
        o.divergedAt[i]!,
        o.convergedAt[i]!,
      );
    }
    chunk.push(
      row.map((v) => (typeof v === 'number' ? csvCell(v) : v)).join(','),
    );
    if (chunk.length === 4096) {
      parts.push(chunk.join('\n') + '\n');
      chunk = [];
    }
  }
  if (chunk.length) parts.push(chunk.join('\n') + '\n');
  return parts;
}

/** A file name stem for an experiment, e.g. "basins-himmelblau-400". */
export function fileStem(spec: {
  landscape: { id: string };
  steps: number;
}): string {
  return `basins-${spec.landscape.id}-${spec.steps}`;
}
