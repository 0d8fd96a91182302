/**
 * The main picture of the sandbox: a landscape as a heatmap with contours,
 * its known critical points, every run as a point, the recorded paths of
 * the first runs, and a highlighted run, drawn with WebGPU into one canvas.
 *
 * The heatmap is evaluated per pixel from the landscape's own WGSL and
 * cached as pixels; it is redrawn only when the landscape, its parameters,
 * the view or the canvas size change. A frame copies those pixels, splats
 * the runs into them with a compute pass that reads the engine's buffers
 * directly (no read-back), copies the result to the canvas and draws paths
 * and markers over it, so `draw()` stays cheap enough for every animation
 * frame, even on a CPU adapter. Axes, the colour bar and labels are the
 * page's (HTML/SVG): see `colorbar()`, `worldToCanvas()`, `canvasToWorld()`.
 *
 * PNG export: `capture()` draws a frame and reads it back, whatever the
 * timing. `canvas.toBlob()` also works if called in the same task as
 * `draw()`, before the browser presents the frame; after an `await` the
 * canvas texture may be gone.
 */
import { makeStructuredView, type StructuredView } from 'webgpu-utils';
import { reflect, structOf, wordOffsets } from '../engine/shaders';
import type { Bounds, Landscape } from '../objectives/landscape';
import { BufferPool } from './buffer-pool';
import {
  configureContext,
  packColor,
  pixelRatio,
  pixelsToPng,
  readFrame,
  type Pixels,
  type RenderCanvas,
} from './canvas';
import { cssHex, viridis, VIRIDIS_RGBA, type Rgb } from './colormap';
import { lossScale, unitToLoss, type LossScale } from './loss-scale';
import {
  heatmapSource,
  markersSource,
  pointsSource,
  trailsSource,
} from './shaders';

/** One block of the engine's runs: a storage buffer of `array<Run>`. */
export interface RunChunk {
  buffer: GPUBuffer;
  /** Global index of the chunk's first run. */
  runOffset: number;
  runCount: number;
}

/**
 * A set of runs drawn as points in one colour (r, g, b in [0, 1]): the
 * engine's buffers, or positions (x, y interleaved; NaN is skipped) from
 * the CPU engine. `maxPoints` caps the cost by drawing every k-th run
 * (by global index, so the subsample does not flicker).
 */
export type RunSource =
  | { kind: 'gpu'; chunks: RunChunk[]; color: Rgb; maxPoints?: number }
  | { kind: 'cpu'; positions: Float32Array; color: Rgb; maxPoints?: number };

/**
 * Recorded paths: vec2f points, path r at [r * stride, (r + 1) * stride),
 * NaN where not reached; the first `stepsDone + 1` points are drawn.
 */
export interface TrailSource {
  buffer: GPUBuffer | Float32Array;
  /** Paths in the buffer. */
  count: number;
  /** Points per path. */
  stride: number;
  stepsDone: number;
  color: Rgb;
}

/** The run under the pointer or selected: a marker and its path. */
export interface Highlight {
  x: number;
  y: number;
  /** The run's path, x and y interleaved; NaN points are skipped. */
  path?: Float32Array;
}

/** How the overlays look; every field has a default. */
export interface LandscapeViewOptions {
  /** Side of a run's square, CSS pixels (default 2.5). */
  pointSize?: number;
  /** Colour of diverged runs; null hides them (default grey). */
  divergedColor?: Rgb | null;
  /** Width of the trails, CSS pixels (default 1.5). */
  trailWidth?: number;
  /** Whether to mark known minima and saddles (default true). */
  criticalPoints?: boolean;
  /** Contour bands of the heatmap (default 12: 11 lines). */
  contourLevels?: number;
  /**
   * Cap on trail segments per frame; longer paths are decimated alike
   * (default 8192). Each thousand segments cost about 1.6 ms a frame on
   * SwiftShader, next to nothing on a GPU.
   */
  maxTrailSegments?: number;
  /** Colour behind everything before a landscape is set. */
  background?: Rgb;
}

/** What the page needs to draw the colour bar of the heatmap. */
export interface ColorBar {
  /** The loss at the bottom of the colour map. */
  min: number;
  /** The loss at the top of the colour map. */
  max: number;
  /**
   * Always true: the bar is logarithmic in (loss - offset), i.e. a loss f
   * sits at (ln(f - offset) - ln(min - offset)) / (ln(max - offset) -
   * ln(min - offset)) along it.
   */
  log: true;
  offset: number;
  /** CSS colours evenly spaced from min to max. */
  stops: string[];
  /** Losses of the contour lines, from low to high. */
  levels: number[];
}

/** What `measureFrames` can time: anything that draws a frame. */
export interface Drawable {
  readonly device: GPUDevice;
  draw(): void;
}

const DEFAULTS: Required<LandscapeViewOptions> = {
  pointSize: 2.5,
  divergedColor: [0.62, 0.62, 0.62],
  trailWidth: 1.5,
  criticalPoints: true,
  contourLevels: 12,
  maxTrailSegments: 8192,
  background: [0.1, 0.1, 0.12],
};

/** Marker sizes in CSS pixels, and the kinds of markers.wgsl. */
const MARKER = {
  minimum: { kind: 0, size: 11 },
  saddle: { kind: 1, size: 9 },
  highlight: { kind: 2, size: 15 },
} as const;

/**
 * Layouts read from the WGSL on first use, not when the module loads:
 * reflection needs the WebGPU globals, and a page without WebGPU may still
 * import this module for its types and colours.
 */
let layouts: {
  runBytes: number;
  marker: { size: number; pos: number; kind: number; size_css: number };
} | null = null;

function wgslLayouts(): NonNullable<typeof layouts> {
  if (!layouts) {
    const marker = structOf(markersSource, 'Marker');
    layouts = {
      runBytes: structOf(pointsSource, 'Run').size,
      marker: {
        size: marker.size / 4,
        ...wordOffsets(marker, ['pos', 'kind', 'size_css'] as const),
      },
    };
  }
  return layouts;
}

/** Vertices per quad (RENDER_QUAD_VERTICES of view.wgsl). */
const QUAD = 6;

/** Contour line width of the heatmap, CSS pixels. */
const CONTOUR_WIDTH = 1.25;

/** Invocations per workgroup of the point splatting (points.wgsl). */
const SPLAT_WORKGROUP = 64;

interface PointDraw {
  pipeline: GPUComputePipeline;
  bind: GPUBindGroup;
  count: number;
}

/**
 * The frame as pixels in buffers: the heatmap (or the background) cached,
 * and the frame the points are splatted into, both in the layout of a
 * buffer-to-texture copy (rows padded to 256 bytes).
 */
interface FrameBuffers {
  width: number;
  height: number;
  bytesPerRow: number;
  heatmapTexture: GPUTexture;
  heatmapPixels: GPUBuffer;
  framePixels: GPUBuffer;
  splatBind: GPUBindGroup;
}

interface TrailDraw {
  bind: GPUBindGroup;
  quads: number;
}

interface HeatmapState {
  landscape: Landscape;
  params: Record<string, number>;
  pipeline: GPURenderPipeline;
  bind: GPUBindGroup;
  uniform: GPUBuffer;
  lpUniform: GPUBuffer;
  scale: LossScale;
}

export class LandscapeView implements Drawable {
  readonly device: GPUDevice;
  readonly canvas: RenderCanvas;
  readonly format: GPUTextureFormat;
  private readonly context: GPUCanvasContext;
  private options: Required<LandscapeViewOptions>;
  private bounds: Bounds = [
    [-1, 1],
    [-1, 1],
  ];

  // pipelines and their shared layouts
  private readonly viewLayout: GPUBindGroupLayout;
  private readonly sourceLayout: GPUBindGroupLayout;
  private readonly markerLayout: GPUBindGroupLayout;
  private readonly splatLayout: GPUBindGroupLayout;
  private readonly pointLayout: GPUBindGroupLayout;
  private readonly runsPipeline: GPUComputePipeline;
  private readonly positionsPipeline: GPUComputePipeline;
  private readonly trailPipeline: GPURenderPipeline;
  private readonly markerPipeline: GPURenderPipeline;
  private readonly heatmapPipelines = new Map<string, GPURenderPipeline>();

  // the view uniform, rewritten when the view or the canvas size change
  private readonly viewValues: StructuredView;
  private readonly viewUniform: GPUBuffer;
  private readonly viewBind: GPUBindGroup;
  private viewKey = '';

  // the cached heatmap and the frame
  private heatmap: HeatmapState | null = null;
  private frame: FrameBuffers | null = null;
  private heatmapDirty = true;
  private generation = 0;

  // overlays
  private runSources: RunSource[] = [];
  private pointDraws: PointDraw[] = [];
  private readonly pointUniforms: BufferPool;
  private readonly positionBuffers: BufferPool;
  private trailSources: TrailSource[] = [];
  private trailDraws: TrailDraw[] = [];
  private readonly trailUniforms: BufferPool;
  private readonly trailBuffers: BufferPool;
  private readonly markerBuffers: BufferPool;
  private readonly highlightUniforms: BufferPool;
  private readonly highlightBuffers: BufferPool;
  private criticalMarkers: { bind: GPUBindGroup; count: number } | null = null;
  private highlightDraw: {
    marker: GPUBindGroup;
    trails: TrailDraw[];
  } | null = null;
  private destroyed = false;

  constructor(
    device: GPUDevice,
    canvas: RenderCanvas,
    format: GPUTextureFormat = navigator.gpu.getPreferredCanvasFormat(),
    options: LandscapeViewOptions = {},
  ) {
    this.device = device;
    this.canvas = canvas;
    if (format !== 'rgba8unorm' && format !== 'bgra8unorm') {
      throw new Error(
        `LandscapeView draws into rgba8unorm or bgra8unorm canvases ` +
          `(points are written as packed 8-bit pixels), not ${format}`,
      );
    }
    this.format = format;
    this.options = { ...DEFAULTS, ...options };
    this.context = configureContext(device, canvas, format);
    const label = (s: string) => `LandscapeView.${s}`;
    const U = GPUBufferUsage;
    const S = GPUShaderStage;

    this.viewLayout = device.createBindGroupLayout({
      label: label('viewLayout'),
      entries: [
        {
          binding: 0,
          visibility: S.VERTEX | S.FRAGMENT,
          buffer: { type: 'uniform' },
        },
      ],
    });
    // a uniform describing the source and the storage it draws from
    this.sourceLayout = device.createBindGroupLayout({
      label: label('sourceLayout'),
      entries: [
        {
          binding: 0,
          visibility: S.VERTEX | S.FRAGMENT,
          buffer: { type: 'uniform' },
        },
        {
          binding: 1,
          visibility: S.VERTEX,
          buffer: { type: 'read-only-storage' },
        },
      ],
    });
    this.markerLayout = device.createBindGroupLayout({
      label: label('markerLayout'),
      entries: [
        {
          binding: 0,
          visibility: S.VERTEX,
          buffer: { type: 'read-only-storage' },
        },
      ],
    });
    // the splatting of points: the view and the frame, then the source
    this.splatLayout = device.createBindGroupLayout({
      label: label('splatLayout'),
      entries: [
        { binding: 0, visibility: S.COMPUTE, buffer: { type: 'uniform' } },
        { binding: 1, visibility: S.COMPUTE, buffer: { type: 'storage' } },
      ],
    });
    this.pointLayout = device.createBindGroupLayout({
      label: label('pointLayout'),
      entries: [
        { binding: 0, visibility: S.COMPUTE, buffer: { type: 'uniform' } },
        {
          binding: 1,
          visibility: S.COMPUTE,
          buffer: { type: 'read-only-storage' },
        },
      ],
    });
    const splatPipelineLayout = device.createPipelineLayout({
      label: label('splatPipelineLayout'),
      bindGroupLayouts: [this.splatLayout, this.pointLayout],
    });
    const pointsModule = device.createShaderModule({
      label: label('pointsModule'),
      code: pointsSource,
    });
    const splat = (name: string, entryPoint: string) =>
      device.createComputePipeline({
        label: label(name),
        layout: splatPipelineLayout,
        compute: {
          module: pointsModule,
          entryPoint,
          constants: { WORKGROUP_SIZE: SPLAT_WORKGROUP },
        },
      });
    this.runsPipeline = splat('runsPipeline', 'cs_runs');
    this.positionsPipeline = splat('positionsPipeline', 'cs_positions');

    const overlayLayout = device.createPipelineLayout({
      label: label('overlayLayout'),
      bindGroupLayouts: [this.viewLayout, this.sourceLayout],
    });
    const markerPipelineLayout = device.createPipelineLayout({
      label: label('markerPipelineLayout'),
      bindGroupLayouts: [this.viewLayout, this.markerLayout],
    });

    // Premultiplied alpha over the opaque heatmap.
    const blend: GPUBlendState = {
      color: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
      alpha: { srcFactor: 'one', dstFactor: 'one-minus-src-alpha' },
    };
    // quads as six vertices of a non-instanced list (see view.wgsl)
    const quads: GPUPrimitiveState = {
      topology: 'triangle-list',
      cullMode: 'none',
    };
    const pipeline = (
      name: string,
      code: string,
      layout: GPUPipelineLayout,
      vertex: string,
      fragment: string,
    ) => {
      const module = device.createShaderModule({ label: label(name), code });
      return device.createRenderPipeline({
        label: label(name),
        layout,
        vertex: { module, entryPoint: vertex },
        fragment: {
          module,
          entryPoint: fragment,
          targets: [{ format, blend }],
        },
        primitive: quads,
      });
    };
    this.trailPipeline = pipeline(
      'trailPipeline',
      trailsSource,
      overlayLayout,
      'vs_trail',
      'fs_trail',
    );
    this.markerPipeline = pipeline(
      'markerPipeline',
      markersSource,
      markerPipelineLayout,
      'vs_marker',
      'fs_marker',
    );

    this.viewValues = makeStructuredView(
      reflect(pointsSource).uniforms.render_view!,
    );
    this.viewUniform = device.createBuffer({
      label: label('viewUniform'),
      size: this.viewValues.arrayBuffer.byteLength,
      usage: U.UNIFORM | U.COPY_DST,
    });
    this.viewBind = device.createBindGroup({
      label: label('viewBind'),
      layout: this.viewLayout,
      entries: [{ binding: 0, resource: { buffer: this.viewUniform } }],
    });

    const uniform = U.UNIFORM | U.COPY_DST;
    const storage = U.STORAGE | U.COPY_DST;
    this.pointUniforms = new BufferPool(device, label('pointUniform'), uniform);
    this.positionBuffers = new BufferPool(
      device,
      label('positionBuffer'),
      storage,
    );
    this.trailUniforms = new BufferPool(device, label('trailUniform'), uniform);
    this.trailBuffers = new BufferPool(device, label('trailBuffer'), storage);
    this.markerBuffers = new BufferPool(device, label('markerBuffer'), storage);
    this.highlightUniforms = new BufferPool(
      device,
      label('highlightUniform'),
      uniform,
    );
    this.highlightBuffers = new BufferPool(
      device,
      label('highlightPath'),
      storage,
    );
  }

  /** The world box the canvas shows: [[xmin, xmax], [ymin, ymax]]. */
  get view(): Bounds {
    return this.bounds;
  }

  /**
   * Shows a landscape with these parameters over this box. Resolves once
   * its heatmap pipeline is built (compiled once per landscape); a later
   * call supersedes one still pending. Until then the previous picture
   * stays.
   */
  async setLandscape(
    l: Landscape,
    params: Record<string, number>,
    view: Bounds,
  ): Promise<void> {
    this.assertAlive();
    const token = ++this.generation;
    const code = heatmapSource(l);
    let pipeline = this.heatmapPipelines.get(code);
    if (!pipeline) {
      const module = this.device.createShaderModule({
        label: `LandscapeView.heatmap.${l.id}`,
        code,
      });
      pipeline = await this.device.createRenderPipelineAsync({
        label: `LandscapeView.heatmapPipeline.${l.id}`,
        layout: 'auto',
        vertex: { module, entryPoint: 'vs_heatmap' },
        fragment: {
          module,
          entryPoint: 'fs_heatmap',
          targets: [{ format: this.format }],
        },
        primitive: { topology: 'triangle-list' },
      });
      this.heatmapPipelines.set(code, pipeline);
    }
    if (token !== this.generation || this.destroyed) return;

    const defs = reflect(code);
    const lp = makeStructuredView(defs.uniforms.heatmap_lp!);
    lp.set(Object.keys(params).length ? params : { unused: 0 });
    const mk = (name: string, bytes: number) =>
      this.device.createBuffer({
        label: `LandscapeView.${name}`,
        size: bytes,
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
    const uniform = mk('heatmapUniform', defs.uniforms.heatmap!.size);
    const lpUniform = mk('landscapeParams', lp.arrayBuffer.byteLength);
    this.device.queue.writeBuffer(lpUniform, 0, lp.arrayBuffer);
    const bind = this.device.createBindGroup({
      label: 'LandscapeView.heatmapBind',
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: uniform } },
        { binding: 1, resource: { buffer: lpUniform } },
      ],
    });

    this.heatmap?.uniform.destroy();
    this.heatmap?.lpUniform.destroy();
    this.bounds = view;
    this.heatmap = {
      landscape: l,
      params: { ...params },
      pipeline,
      bind,
      uniform,
      lpUniform,
      scale: this.scaleFor(l, params, view),
    };
    this.heatmapDirty = true;
    this.writeCriticalMarkers();
  }

  /**
   * Shows another box of the same landscape (zoom, pan). The colour range
   * adapts to the new box.
   */
  setView(view: Bounds): void {
    this.assertAlive();
    this.bounds = view;
    const h = this.heatmap;
    if (h) h.scale = this.scaleFor(h.landscape, h.params, view);
    this.heatmapDirty = true;
  }

  /** Changes how the overlays look; sources are kept. */
  setOptions(options: LandscapeViewOptions): void {
    this.assertAlive();
    const old = this.options;
    this.options = { ...old, ...options };
    if (this.options.contourLevels !== old.contourLevels) {
      this.setView(this.bounds);
    }
    if (this.options.background.join() !== old.background.join()) {
      this.heatmapDirty = true;
    }
    this.setRunSources(this.runSources);
    this.setTrails(this.trailSources);
    this.writeCriticalMarkers();
  }

  /** The runs to draw as points, in order (later ones on top). */
  setRunSources(sources: RunSource[]): void {
    this.assertAlive();
    this.runSources = sources;
    this.pointDraws = [];
    const o = this.options;
    let slot = 0;
    const add = (
      pipeline: GPUComputePipeline,
      storage: GPUBuffer,
      color: Rgb,
      diverged: boolean,
      first: number,
      stride: number,
      count: number,
    ) => {
      if (count <= 0) return;
      const values = makeStructuredView(
        reflect(pointsSource).uniforms.point_source!,
      );
      values.set({
        color: packColor(color, this.format),
        count,
        first,
        stride,
        size_css: o.pointSize,
        diverged: diverged ? 1 : 0,
      });
      const uniform = this.pointUniforms.get(
        slot++,
        values.arrayBuffer.byteLength,
      );
      this.device.queue.writeBuffer(uniform, 0, values.arrayBuffer);
      const bind = this.device.createBindGroup({
        label: 'LandscapeView.pointBind',
        layout: this.pointLayout,
        entries: [
          { binding: 0, resource: { buffer: uniform } },
          { binding: 1, resource: { buffer: storage } },
        ],
      });
      this.pointDraws.push({ pipeline, bind, count });
    };

    sources.forEach((s, i) => {
      if (s.kind === 'gpu') {
        const total = s.chunks.reduce((n, c) => n + c.runCount, 0);
        const k = subsampleStride(total, s.maxPoints);
        for (const c of s.chunks) {
          const need = c.runCount * wgslLayouts().runBytes;
          if (c.buffer.size < need) {
            throw new RangeError(
              `run chunk at ${c.runOffset}: buffer ${c.buffer.label} holds ` +
                `${c.buffer.size} bytes, ${c.runCount} runs need ${need}`,
            );
          }
          // the first run of the chunk whose global index is a multiple of k
          const first = (k - (c.runOffset % k)) % k;
          const n =
            first < c.runCount ? Math.ceil((c.runCount - first) / k) : 0;
          // diverged runs first, so that live ones land on top
          if (o.divergedColor) {
            const grey = o.divergedColor;
            add(this.runsPipeline, c.buffer, grey, true, first, k, n);
          }
          add(this.runsPipeline, c.buffer, s.color, false, first, k, n);
        }
      } else {
        const count = Math.floor(s.positions.length / 2);
        if (count === 0) return;
        const buffer = this.positionBuffers.get(i, 8 * count);
        this.device.queue.writeBuffer(buffer, 0, s.positions, 0, 2 * count);
        const k = subsampleStride(count, s.maxPoints);
        const n = Math.ceil(count / k);
        add(this.positionsPipeline, buffer, s.color, false, 0, k, n);
      }
    });
  }

  /**
   * The recorded paths to draw as lines. Cheap to call every frame with a
   * new `stepsDone`: only the small uniforms are rewritten (and the
   * points of Float32Array sources, up to stepsDone).
   */
  setTrails(sources: TrailSource[]): void {
    this.assertAlive();
    this.trailSources = sources;
    this.trailDraws = [];
    const lastOf = (s: TrailSource) =>
      Math.max(0, Math.min(Math.floor(s.stepsDone), s.stride - 1));
    const wanted = sources.reduce((n, s) => n + s.count * lastOf(s), 0);
    // decimate every path alike when the total is over the cap
    const step = Math.max(1, Math.ceil(wanted / this.options.maxTrailSegments));
    const width = this.options.trailWidth;
    sources.forEach((s, i) => {
      const last = lastOf(s);
      if (s.count <= 0 || last === 0) return;
      const need = 8 * s.count * s.stride;
      let storage: GPUBuffer;
      if (s.buffer instanceof Float32Array) {
        if (s.buffer.length < 2 * s.count * s.stride) {
          throw new RangeError(
            `trail source ${i}: ${s.buffer.length} floats, ` +
              `${s.count} paths of ${s.stride} points need ${need / 4}`,
          );
        }
        storage = this.trailBuffers.get(i, need);
        // only the points reached so far
        for (let r = 0; r < s.count; r++) {
          const at = 2 * r * s.stride;
          this.device.queue.writeBuffer(
            storage,
            4 * at,
            s.buffer,
            at,
            2 * (last + 1),
          );
        }
      } else {
        if (s.buffer.size < need) {
          throw new RangeError(
            `trail source ${i}: buffer ${s.buffer.label} holds ` +
              `${s.buffer.size} bytes, ${s.count} paths of ${s.stride} ` +
              `points need ${need}`,
          );
        }
        storage = s.buffer;
      }
      this.trailDraws.push(
        this.trailDraw(this.trailUniforms, i, storage, s.color, 0.9, width, {
          stride: s.stride,
          last,
          step,
          count: s.count,
        }),
      );
    });
  }

  /**
   * Marks one run (hover, click) and draws its path on top of everything;
   * null removes the mark.
   */
  highlight(run: Highlight | null): void {
    this.assertAlive();
    if (!run) {
      this.highlightDraw = null;
      return;
    }
    const markers = this.markerBuffer(1, [
      { x: run.x, y: run.y, ...MARKER.highlight },
    ]);
    const trails: TrailDraw[] = [];
    const n = run.path ? Math.floor(run.path.length / 2) : 0;
    if (run.path && n >= 2) {
      const storage = this.highlightBuffers.get(0, 8 * n);
      this.device.queue.writeBuffer(storage, 0, run.path, 0, 2 * n);
      const shape = { stride: n, last: n - 1, step: 1, count: 1 };
      const w = this.options.trailWidth + 1;
      const pool = this.highlightUniforms;
      // a dark casing under a white line reads on any colour
      trails.push(
        this.trailDraw(pool, 0, storage, [0, 0, 0], 0.6, w + 2, shape),
        this.trailDraw(pool, 1, storage, [1, 1, 1], 1, w, shape),
      );
    }
    this.highlightDraw = { marker: markers, trails };
  }

  /** Draws a frame into the canvas: cheap unless the heatmap is stale. */
  draw(): void {
    this.assertAlive();
    if (this.canvas.width === 0 || this.canvas.height === 0) return;
    const texture = this.context.getCurrentTexture();
    const encoder = this.device.createCommandEncoder({
      label: 'LandscapeView.frame',
    });
    this.encodeFrame(encoder, texture);
    this.device.queue.submit([encoder.finish()]);
  }

  /**
   * Draws a frame and reads it back as RGBA (top row first). For tests and
   * export; not for the frame loop.
   */
  readPixels(): Promise<Pixels> {
    this.assertAlive();
    return readFrame(this.device, this.context, 'LandscapeView', (e, t) =>
      this.encodeFrame(e, t),
    );
  }

  /**
   * A PNG of a fresh frame. (Alternatively `canvas.toBlob()` works when
   * called in the same task as `draw()`, before the frame is presented;
   * this method does not depend on that timing.)
   */
  async capture(): Promise<Blob> {
    return pixelsToPng(await this.readPixels());
  }

  /** The colour bar of the current heatmap, or null before one is set. */
  colorbar(): ColorBar | null {
    const h = this.heatmap;
    if (!h) return null;
    const s = h.scale;
    const stops = Array.from({ length: 17 }, (_, i) => cssHex(viridis(i / 16)));
    const levels = Array.from({ length: s.levels - 1 }, (_, i) =>
      unitToLoss((i + 1) / s.levels, s),
    );
    return {
      min: unitToLoss(0, s),
      max: unitToLoss(1, s),
      log: true,
      offset: s.fmin - s.eps,
      stops,
      levels,
    };
  }

  /** The loss scale of the current heatmap (for tests and tooltips). */
  get lossScale(): LossScale | null {
    return this.heatmap?.scale ?? null;
  }

  /** A world point in CSS pixels from the canvas's top-left corner. */
  worldToCanvas(x: number, y: number): { x: number; y: number } {
    const [[x0, x1], [y0, y1]] = this.bounds;
    const [w, h] = this.cssSize();
    return {
      x: ((x - x0) / (x1 - x0)) * w,
      y: (1 - (y - y0) / (y1 - y0)) * h,
    };
  }

  /** The world point under CSS pixels from the canvas's top-left corner. */
  canvasToWorld(px: number, py: number): { x: number; y: number } {
    const [[x0, x1], [y0, y1]] = this.bounds;
    const [w, h] = this.cssSize();
    return {
      x: x0 + (px / w) * (x1 - x0),
      y: y0 + (1 - py / h) * (y1 - y0),
    };
  }

  /** Frees every GPU object the view created (not the engine's buffers). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.heatmap?.uniform.destroy();
    this.heatmap?.lpUniform.destroy();
    this.heatmap = null;
    this.releaseFrame();
    this.viewUniform.destroy();
    this.pointUniforms.destroy();
    this.positionBuffers.destroy();
    this.trailUniforms.destroy();
    this.trailBuffers.destroy();
    this.markerBuffers.destroy();
    this.highlightUniforms.destroy();
    this.highlightBuffers.destroy();
    this.pointDraws = [];
    this.trailDraws = [];
    this.criticalMarkers = null;
    this.highlightDraw = null;
    this.context.unconfigure();
  }

  // ---- private

  private assertAlive(): void {
    if (this.destroyed) throw new Error('LandscapeView used after destroy()');
  }

  private scaleFor(
    l: Landscape,
    params: Record<string, number>,
    view: Bounds,
  ): LossScale {
    return lossScale(l, params, view, { levels: this.options.contourLevels });
  }

  private cssSize(): [number, number] {
    const r = pixelRatio(this.canvas);
    return [this.canvas.width / r, this.canvas.height / r];
  }

  private sourceBind(
    name: string,
    uniform: GPUBuffer,
    storage: GPUBuffer,
  ): GPUBindGroup {
    return this.device.createBindGroup({
      label: `LandscapeView.${name}`,
      layout: this.sourceLayout,
      entries: [
        { binding: 0, resource: { buffer: uniform } },
        { binding: 1, resource: { buffer: storage } },
      ],
    });
  }

  private trailDraw(
    pool: BufferPool,
    slot: number,
    storage: GPUBuffer,
    color: Rgb,
    alpha: number,
    widthCss: number,
    shape: { stride: number; last: number; step: number; count: number },
  ): TrailDraw {
    const values = makeStructuredView(reflect(trailsSource).uniforms.trail!);
    const segments = Math.ceil(shape.last / shape.step);
    values.set({
      color: [color[0] * alpha, color[1] * alpha, color[2] * alpha, alpha],
      stride: shape.stride,
      segments,
      step: shape.step,
      last: shape.last,
      width_css: widthCss,
    });
    const uniform = pool.get(slot, values.arrayBuffer.byteLength);
    this.device.queue.writeBuffer(uniform, 0, values.arrayBuffer);
    return {
      bind: this.sourceBind('trailBind', uniform, storage),
      quads: shape.count * segments,
    };
  }

  /** Writes markers (struct Marker of markers.wgsl) into a pooled buffer. */
  private markerBuffer(
    slot: number,
    markers: { x: number; y: number; kind: number; size: number }[],
  ): GPUBindGroup {
    const w = wgslLayouts().marker;
    const data = new ArrayBuffer(4 * w.size * Math.max(1, markers.length));
    const f = new Float32Array(data);
    const u = new Uint32Array(data);
    markers.forEach((m, i) => {
      f[i * w.size + w.pos] = m.x;
      f[i * w.size + w.pos + 1] = m.y;
      u[i * w.size + w.kind] = m.kind;
      f[i * w.size + w.size_css] = m.size;
    });
    const buffer = this.markerBuffers.get(slot, data.byteLength);
    this.device.queue.writeBuffer(buffer, 0, data);
    return this.device.createBindGroup({
      label: 'LandscapeView.markerBind',
      layout: this.markerLayout,
      entries: [{ binding: 0, resource: { buffer } }],
    });
  }

  private writeCriticalMarkers(): void {
    const h = this.heatmap;
    if (!h || !this.options.criticalPoints) {
      this.criticalMarkers = null;
      return;
    }
    const list = [
      ...h.landscape
        .minima(h.params)
        .map((p) => ({ x: p.x, y: p.y, ...MARKER.minimum })),
      ...h.landscape
        .saddles(h.params)
        .map((p) => ({ x: p.x, y: p.y, ...MARKER.saddle })),
    ];
    this.criticalMarkers = list.length
      ? { bind: this.markerBuffer(0, list), count: list.length }
      : null;
  }

  private writeView(frame: FrameBuffers): void {
    const ratio = pixelRatio(this.canvas);
    const [[x0, x1], [y0, y1]] = this.bounds;
    const { width, height, bytesPerRow } = frame;
    const key = [x0, x1, y0, y1, width, height, ratio, bytesPerRow].join();
    if (key === this.viewKey) return;
    // the heatmap depends on all of these (contour width on the ratio)
    this.viewKey = key;
    this.heatmapDirty = true;
    this.viewValues.set({
      lo: [x0, y0],
      hi: [x1, y1],
      size: [width, height],
      pixel_ratio: ratio,
      row_words: bytesPerRow / 4,
    });
    this.device.queue.writeBuffer(
      this.viewUniform,
      0,
      this.viewValues.arrayBuffer,
    );
  }

  /** The frame's buffers for a target size, made anew when it changes. */
  private frameFor(width: number, height: number): FrameBuffers {
    const f = this.frame;
    if (f && f.width === width && f.height === height) return f;
    this.releaseFrame();
    const label = (s: string) => `LandscapeView.${s}`;
    // rows of buffer-texture copies are aligned to 256 bytes
    const bytesPerRow = Math.ceil((4 * width) / 256) * 256;
    const U = GPUBufferUsage;
    const heatmapPixels = this.device.createBuffer({
      label: label('heatmapPixels'),
      size: bytesPerRow * height,
      usage: U.COPY_SRC | U.COPY_DST,
    });
    const framePixels = this.device.createBuffer({
      label: label('framePixels'),
      size: bytesPerRow * height,
      usage: U.STORAGE | U.COPY_SRC | U.COPY_DST,
    });
    this.frame = {
      width,
      height,
      bytesPerRow,
      heatmapTexture: this.device.createTexture({
        label: label('heatmapTexture'),
        size: [width, height],
        format: this.format,
        usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC,
      }),
      heatmapPixels,
      framePixels,
      splatBind: this.device.createBindGroup({
        label: label('splatBind'),
        layout: this.splatLayout,
        entries: [
          { binding: 0, resource: { buffer: this.viewUniform } },
          { binding: 1, resource: { buffer: framePixels } },
        ],
      }),
    };
    this.heatmapDirty = true;
    return this.frame;
  }

  private releaseFrame(): void {
    const f = this.frame;
    if (!f) return;
    f.heatmapTexture.destroy();
    f.heatmapPixels.destroy();
    f.framePixels.destroy();
    this.frame = null;
  }

  /**
   * Evaluates the heatmap (or clears to the background before a landscape
   * is set) into the heatmap texture, and caches it as pixels.
   */
  private encodeHeatmap(encoder: GPUCommandEncoder, f: FrameBuffers): void {
    const h = this.heatmap;
    const pass = encoder.beginRenderPass({
      label: 'LandscapeView.heatmapPass',
      colorAttachments: [
        {
          view: f.heatmapTexture.createView({
            label: 'LandscapeView.heatmapView',
          }),
          loadOp: 'clear',
          clearValue: [...this.options.background, 1],
          storeOp: 'store',
        },
      ],
    });
    if (h) {
      const [[x0, x1], [y0, y1]] = this.bounds;
      const s = h.scale;
      const values = makeStructuredView(
        reflect(heatmapSource(h.landscape)).uniforms.heatmap!,
      );
      values.set({
        lo: [x0, y0],
        hi: [x1, y1],
        size: [f.width, f.height],
        fmin: s.fmin,
        eps: s.eps,
        log_lo: s.logLo,
        log_hi: s.logHi,
        levels: s.levels,
        line_px: CONTOUR_WIDTH * pixelRatio(this.canvas),
        viridis: VIRIDIS_RGBA,
      });
      this.device.queue.writeBuffer(h.uniform, 0, values.arrayBuffer);
      pass.setPipeline(h.pipeline);
      pass.setBindGroup(0, h.bind);
      pass.draw(3);
    }
    pass.end();
    encoder.copyTextureToBuffer(
      { texture: f.heatmapTexture },
      { buffer: f.heatmapPixels, bytesPerRow: f.bytesPerRow },
      [f.width, f.height],
    );
    this.heatmapDirty = false;
  }

  /** Encodes one frame into a target of the canvas's size and format. */
  private encodeFrame(encoder: GPUCommandEncoder, target: GPUTexture): void {
    const f = this.frameFor(target.width, target.height);
    this.writeView(f);
    if (this.heatmapDirty) this.encodeHeatmap(encoder, f);

    // The cached heatmap is copied, not drawn; the points are splatted
    // into a copy of it by a compute pass (see points.wgsl).
    let pixels = f.heatmapPixels;
    if (this.pointDraws.length) {
      const bytes = f.bytesPerRow * f.height;
      encoder.copyBufferToBuffer(f.heatmapPixels, 0, f.framePixels, 0, bytes);
      const pass = encoder.beginComputePass({
        label: 'LandscapeView.pointPass',
      });
      pass.setBindGroup(0, f.splatBind);
      for (const d of this.pointDraws) {
        pass.setPipeline(d.pipeline);
        pass.setBindGroup(1, d.bind);
        pass.dispatchWorkgroups(Math.ceil(d.count / SPLAT_WORKGROUP));
      }
      pass.end();
      pixels = f.framePixels;
    }
    encoder.copyBufferToTexture(
      { buffer: pixels, bytesPerRow: f.bytesPerRow },
      { texture: target },
      [f.width, f.height],
    );

    const hl = this.highlightDraw;
    if (!this.trailDraws.length && !this.criticalMarkers && !hl) return;
    const pass = encoder.beginRenderPass({
      label: 'LandscapeView.overlayPass',
      colorAttachments: [
        {
          view: target.createView({ label: 'LandscapeView.targetView' }),
          loadOp: 'load',
          storeOp: 'store',
        },
      ],
    });
    pass.setBindGroup(0, this.viewBind);
    // paths over the runs, then markers on top
    pass.setPipeline(this.trailPipeline);
    for (const d of this.trailDraws) {
      pass.setBindGroup(1, d.bind);
      pass.draw(QUAD * d.quads);
    }
    if (this.criticalMarkers) {
      pass.setPipeline(this.markerPipeline);
      pass.setBindGroup(1, this.criticalMarkers.bind);
      pass.draw(QUAD * this.criticalMarkers.count);
    }
    if (hl) {
      pass.setPipeline(this.trailPipeline);
      for (const d of hl.trails) {
        pass.setBindGroup(1, d.bind);
        pass.draw(QUAD * d.quads);
      }
      pass.setPipeline(this.markerPipeline);
      pass.setBindGroup(1, hl.marker);
      pass.draw(QUAD);
    }
    pass.end();
  }
}

/** Draw every k-th run so that at most maxPoints are drawn. */
function subsampleStride(total: number, maxPoints?: number): number {
  if (!maxPoints || maxPoints <= 0 || total <= maxPoints) return 1;
  return Math.ceil(total / maxPoints);
}
