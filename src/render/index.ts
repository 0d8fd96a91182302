/**
 * The WebGPU drawing layer of the sandbox: the landscape with its runs,
 * the basin-of-attraction map, and the colours shared with the page.
 */
export { BasinMapView, type BasinClasses } from './basin-map-view';
export type { Pixels, RenderCanvas } from './canvas';
export {
  basinColors,
  cssHex,
  DIVERGED_COLOR,
  OTHER_COLOR,
  parseHex,
  viridis,
  type Rgb,
} from './colormap';
export {
  LandscapeView,
  type ColorBar,
  type Drawable,
  type Highlight,
  type LandscapeViewOptions,
  type RunChunk,
  type RunSource,
  type TrailSource,
} from './landscape-view';
export {
  heatmapColor,
  lossScale,
  lossToUnit,
  unitToLoss,
  type LossScale,
  type LossScaleOptions,
} from './loss-scale';
export { measureFrames, type FrameTimes } from './measure';
