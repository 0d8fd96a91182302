/**
 * Colours of the optimizers: bright hues that stand out on viridis (whose
 * minima are dark purple) and on the page's dark background, and that stay
 * distinct from each other for the common forms of colour blindness.
 */
import { parseHex, type Rgb } from '../render/colormap';

const OPTIMIZER_COLORS = [
  '#ff5c8a', // rose
  '#ffffff', // white
  '#ffb000', // amber
  '#3de0ff', // cyan
  '#b388ff', // lavender
  '#7dff6b', // lime
  '#ff8a3d', // orange
  '#ff9ee6', // pink
] as const;

/** The CSS colour of the optimizer at position i of the spec. */
export function optimizerColor(i: number): string {
  return OPTIMIZER_COLORS[i % OPTIMIZER_COLORS.length]!;
}

/** The same colour as (r, g, b) in [0, 1] for the drawing layer. */
export function optimizerRgb(i: number): Rgb {
  return parseHex(optimizerColor(i));
}
