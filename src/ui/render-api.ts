/**
 * What the page needs of a drawing layer: the WebGPU one of src/render, or
 * the 2D-canvas fallback of canvas2d.ts when WebGPU is missing. Both take
 * the same calls, so the elements do not care which one they hold.
 *
 * The WebGPU layer is loaded with a dynamic import: its modules reflect
 * WGSL when they load, which needs the WebGPU globals, so a browser
 * without WebGPU must never evaluate them.
 */
import type {
  BasinClasses,
  BasinMapView,
  LandscapeView,
} from '../render/index';
import { logger } from '../util/log';

export type {
  BasinClasses,
  ColorBar,
  Highlight,
  RunChunk,
  RunSource,
  TrailSource,
} from '../render/index';

const debug = logger('ui');

/** Heatmap, contours, points and trails of one landscape on a canvas. */
export type LandscapeViewApi = Pick<
  LandscapeView,
  | 'setLandscape'
  | 'setRunSources'
  | 'setTrails'
  | 'highlight'
  | 'draw'
  | 'colorbar'
  | 'destroy'
>;

/** A basin-of-attraction map: one cell per grid start. */
export interface BasinMapViewApi {
  set(
    nx: number,
    ny: number,
    classes: BasinClasses,
    minimumCount: number,
  ): void;
  draw(): void;
  destroy(): void;
}

/** The exports of src/render/index.ts that the page uses. */
export interface RenderModule {
  LandscapeView: typeof LandscapeView;
  BasinMapView: typeof BasinMapView;
}

/**
 * The WebGPU drawing layer, or null where it is missing or fails to load
 * (the page then draws with a 2D canvas).
 */
export async function loadRender(): Promise<RenderModule | null> {
  const modules = import.meta.glob<RenderModule>('../render/index.ts');
  const load = modules['../render/index.ts'];
  if (!load) {
    debug(() => 'src/render/index.ts is missing: drawing with a 2D canvas');
    return null;
  }
  try {
    const m = await load();
    if (typeof m.LandscapeView !== 'function') return null;
    if (typeof m.BasinMapView !== 'function') return null;
    return m;
  } catch (e) {
    debug(() => `the drawing layer failed to load: ${String(e)}`);
    return null;
  }
}
