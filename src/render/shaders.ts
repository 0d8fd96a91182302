/**
 * Composes the drawing shaders from WGSL modules, as src/engine/shaders.ts
 * composes kernels: the landscape module (unchanged) before the heatmap,
 * the run layout of kernels/layout.wgsl before the overlays that read runs.
 * Uniform layouts are read back from the composed text (webgpu-utils).
 */
import layoutWgsl from '../../shaders/kernels/layout.wgsl?raw';
import basinMapWgsl from '../../shaders/render/basin_map.wgsl?raw';
import heatmapWgsl from '../../shaders/render/heatmap.wgsl?raw';
import markersWgsl from '../../shaders/render/markers.wgsl?raw';
import pointsWgsl from '../../shaders/render/points.wgsl?raw';
import trailsWgsl from '../../shaders/render/trails.wgsl?raw';
import viewWgsl from '../../shaders/render/view.wgsl?raw';
import type { Landscape } from '../objectives/landscape';

function join(parts: readonly [string, string][]): string {
  return parts.map(([name, code]) => `// ---- ${name}\n${code}`).join('\n');
}

/** The heatmap of one landscape: its module, then the colour mapping. */
export function heatmapSource(l: Landscape): string {
  return join([
    [`objectives/${l.id}`, l.wgsl],
    ['render/heatmap.wgsl', heatmapWgsl],
  ]);
}

/** Runs as points, from `array<Run>` or from positions. */
export const pointsSource = join([
  ['kernels/layout.wgsl', layoutWgsl],
  ['render/view.wgsl', viewWgsl],
  ['render/points.wgsl', pointsWgsl],
]);

/** Recorded paths as lines. */
export const trailsSource = join([
  ['kernels/layout.wgsl', layoutWgsl],
  ['render/view.wgsl', viewWgsl],
  ['render/trails.wgsl', trailsWgsl],
]);

/** Critical points and the highlighted run. */
export const markersSource = join([
  ['render/view.wgsl', viewWgsl],
  ['render/markers.wgsl', markersWgsl],
]);

/** The basin-of-attraction map. */
export const basinMapSource = join([['render/basin_map.wgsl', basinMapWgsl]]);
