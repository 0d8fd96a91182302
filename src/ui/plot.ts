/** uPlot helpers shared by the plots of the page: colours and axes. */
import type uPlot from 'uplot';

/** A CSS hex colour with an alpha. */
export function alpha(hex: string, a: number): string {
  const v = parseInt(hex.slice(1), 16);
  return `rgba(${(v >> 16) & 255}, ${(v >> 8) & 255}, ${v & 255}, ${a})`;
}

/** Whether a positive number is a whole power of ten. */
function isDecade(v: number): boolean {
  const k = Math.log10(v);
  return Math.abs(k - Math.round(k)) < 1e-6;
}

/** Keeps about six whole decades of a log axis's splits. */
export function decadeFilter(_u: uPlot, splits: number[]): (number | null)[] {
  const decades = splits.filter(isDecade);
  const stride = Math.max(1, Math.ceil(decades.length / 6));
  return splits.map((v) =>
    isDecade(v) && Math.round(Math.log10(v)) % stride === 0 ? v : null,
  );
}

/** Labels of a log axis: plain numbers near 1, powers of ten beyond. */
export function decadeValues(_u: uPlot, splits: number[]): (string | null)[] {
  return splits.map((v) => {
    if (v === null || !(v > 0)) return null;
    const k = Math.round(Math.log10(v));
    return k >= -2 && k <= 3 ? String(10 ** k) : `1e${k}`;
  });
}

/** The page's colours and font for the axes of a plot in `el`. */
export interface AxisStyle {
  muted: string;
  grid: string;
  font: string;
}

export function axisStyle(el: Element): AxisStyle {
  const styles = getComputedStyle(el);
  return {
    muted: styles.getPropertyValue('--muted').trim() || '#9aa5b8',
    grid: styles.getPropertyValue('--border').trim() || '#2a3242',
    font: `${Math.round(parseFloat(styles.fontSize) * 0.85)}px system-ui, sans-serif`,
  };
}

/** An axis in the page's style; `log` keeps its marks at whole decades. */
export function axis(label: string, s: AxisStyle, log = false): uPlot.Axis {
  const base: uPlot.Axis = {
    label,
    stroke: s.muted,
    font: s.font,
    labelFont: s.font,
    grid: { stroke: s.grid, width: 1 },
    ticks: { stroke: s.grid, width: 1 },
  };
  if (!log) return base;
  return {
    ...base,
    filter: decadeFilter,
    grid: { stroke: s.grid, width: 1, filter: decadeFilter },
    ticks: { stroke: s.grid, width: 1, filter: decadeFilter },
    values: decadeValues,
  };
}
