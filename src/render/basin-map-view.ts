/**
 * A basin-of-attraction map for one optimizer started from a grid: each
 * cell coloured by the class of the run that started at its centre
 * (basinColors: minima, then "other", then "diverged"). Grid run index =
 * iy * nx + ix with iy = 0 at the bottom row; the map is drawn with y up.
 *
 * A fragment shader looks each pixel's cell up in the class buffer, so a
 * 1024 x 1024 grid costs what a 16 x 16 one does. The engine's classes
 * come in chunks, one buffer each; the view draws one quad per chunk over
 * the rows it covers, with no limit on the number of chunks.
 */
import { makeStructuredView, type StructuredView } from 'webgpu-utils';
import { reflect } from '../engine/shaders';
import {
  configureContext,
  pixelsToPng,
  readFrame,
  type Pixels,
  type RenderCanvas,
} from './canvas';
import { basinColors, parseHex } from './colormap';
import { basinMapSource } from './shaders';

/**
 * The class of every run (u32): the engine's buffers, chunk i holding runs
 * [runOffset_i, runOffset_i + runCount_i), or one array from the CPU.
 */
export type BasinClasses =
  | {
      kind: 'gpu';
      buffers: GPUBuffer[];
      chunks: { runOffset: number; runCount: number }[];
    }
  | { kind: 'cpu'; classes: Uint32Array };

/** Drawn for class values beyond "diverged": a bug, made visible. */
const INVALID_COLOR = '#ff00ff';

interface ChunkDraw {
  uniform: GPUBuffer;
  values: StructuredView;
  bind: GPUBindGroup;
}

export class BasinMapView {
  readonly device: GPUDevice;
  readonly canvas: RenderCanvas;
  readonly format: GPUTextureFormat;
  private readonly context: GPUCanvasContext;
  private readonly pipeline: GPURenderPipeline;
  private colors: GPUBuffer | null = null;
  private ownClasses: GPUBuffer | null = null;
  private chunks: ChunkDraw[] = [];
  private destroyed = false;

  constructor(
    device: GPUDevice,
    canvas: RenderCanvas,
    format: GPUTextureFormat = navigator.gpu.getPreferredCanvasFormat(),
  ) {
    this.device = device;
    this.canvas = canvas;
    this.format = format;
    this.context = configureContext(device, canvas, format);
    const module = device.createShaderModule({
      label: 'BasinMapView.module',
      code: basinMapSource,
    });
    this.pipeline = device.createRenderPipeline({
      label: 'BasinMapView.pipeline',
      layout: 'auto',
      vertex: { module, entryPoint: 'vs_basin_map' },
      fragment: { module, entryPoint: 'fs_basin_map', targets: [{ format }] },
      primitive: { topology: 'triangle-strip' },
    });
  }

  /**
   * What to show: an nx by ny grid, the classes of its runs, and how many
   * known minima there are (classes minimumCount and minimumCount + 1 are
   * "other" and "diverged").
   */
  set(
    nx: number,
    ny: number,
    classes: BasinClasses,
    minimumCount: number,
  ): void {
    this.assertAlive();
    if (!(Number.isInteger(nx) && Number.isInteger(ny) && nx > 0 && ny > 0)) {
      throw new RangeError(`grid must be positive integers, got ${nx} x ${ny}`);
    }
    this.release();
    const { device } = this;
    const U = GPUBufferUsage;

    // class colours, then the invalid colour, as array<vec4f>
    const css = [...basinColors(minimumCount), INVALID_COLOR];
    const rgba = new Float32Array(4 * css.length);
    css.forEach((c, i) => rgba.set([...parseHex(c), 1], 4 * i));
    this.colors = device.createBuffer({
      label: 'BasinMapView.colors',
      size: rgba.byteLength,
      usage: U.STORAGE | U.COPY_DST,
    });
    device.queue.writeBuffer(this.colors, 0, rgba);

    let parts: { buffer: GPUBuffer; runOffset: number; runCount: number }[];
    if (classes.kind === 'cpu') {
      const n = classes.classes.length;
      if (n < nx * ny) {
        throw new RangeError(`${n} classes for a ${nx} x ${ny} grid`);
      }
      this.ownClasses = device.createBuffer({
        label: 'BasinMapView.classes',
        size: Math.max(4, 4 * n),
        usage: U.STORAGE | U.COPY_DST,
      });
      device.queue.writeBuffer(this.ownClasses, 0, classes.classes);
      parts = [{ buffer: this.ownClasses, runOffset: 0, runCount: n }];
    } else {
      if (classes.buffers.length !== classes.chunks.length) {
        throw new RangeError(
          `${classes.buffers.length} class buffers for ` +
            `${classes.chunks.length} chunks: give one buffer per chunk`,
        );
      }
      // The class buffer wins over any `buffer` field a chunk carries
      // (GpuExperiment.runBuffers' chunks hold the run buffer).
      parts = classes.chunks.map((c, i) => ({
        runOffset: c.runOffset,
        runCount: c.runCount,
        buffer: classes.buffers[i]!,
      }));
    }

    const def = reflect(basinMapSource).uniforms.basin_map!;
    this.chunks = parts
      .filter((p) => p.runCount > 0 && p.runOffset < nx * ny)
      .map((p, i) => {
        if (p.buffer.size < 4 * p.runCount) {
          throw new RangeError(
            `class chunk at ${p.runOffset}: buffer ${p.buffer.label} holds ` +
              `${p.buffer.size} bytes, ${p.runCount} classes need ` +
              `${4 * p.runCount}`,
          );
        }
        const values = makeStructuredView(def);
        values.set({
          grid: [nx, ny],
          run_offset: p.runOffset,
          run_count: Math.min(p.runCount, nx * ny - p.runOffset),
          class_count: minimumCount + 2,
        });
        const uniform = device.createBuffer({
          label: `BasinMapView.chunkUniform[${i}]`,
          size: values.arrayBuffer.byteLength,
          usage: U.UNIFORM | U.COPY_DST,
        });
        const bind = device.createBindGroup({
          label: `BasinMapView.chunkBind[${i}]`,
          layout: this.pipeline.getBindGroupLayout(0),
          entries: [
            { binding: 0, resource: { buffer: uniform } },
            { binding: 1, resource: { buffer: p.buffer } },
            { binding: 2, resource: { buffer: this.colors! } },
          ],
        });
        return { uniform, values, bind };
      });
  }

  /** Draws the map (cheap: one quad per chunk). */
  draw(): void {
    this.assertAlive();
    if (this.canvas.width === 0 || this.canvas.height === 0) return;
    const texture = this.context.getCurrentTexture();
    const encoder = this.device.createCommandEncoder({
      label: 'BasinMapView.frame',
    });
    this.encodeFrame(encoder, texture);
    this.device.queue.submit([encoder.finish()]);
  }

  /** Draws a frame and reads it back as RGBA (top row first). */
  readPixels(): Promise<Pixels> {
    this.assertAlive();
    return readFrame(this.device, this.context, 'BasinMapView', (e, t) =>
      this.encodeFrame(e, t),
    );
  }

  /** A PNG of a fresh frame. */
  async capture(): Promise<Blob> {
    return pixelsToPng(await this.readPixels());
  }

  /** Frees the view's GPU objects (not the engine's class buffers). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.release();
    this.context.unconfigure();
  }

  private release(): void {
    for (const c of this.chunks) c.uniform.destroy();
    this.chunks = [];
    this.colors?.destroy();
    this.colors = null;
    this.ownClasses?.destroy();
    this.ownClasses = null;
  }

  private assertAlive(): void {
    if (this.destroyed) throw new Error('BasinMapView used after destroy()');
  }

  private encodeFrame(encoder: GPUCommandEncoder, target: GPUTexture): void {
    // the target size lives in each chunk's uniform: a few bytes a frame
    for (const c of this.chunks) {
      c.values.set({ size: [target.width, target.height] });
      this.device.queue.writeBuffer(c.uniform, 0, c.values.arrayBuffer);
    }
    const pass = encoder.beginRenderPass({
      label: 'BasinMapView.pass',
      colorAttachments: [
        {
          view: target.createView({ label: 'BasinMapView.targetView' }),
          loadOp: 'clear',
          clearValue: [0.5, 0.5, 0.5, 1],
          storeOp: 'store',
        },
      ],
    });
    pass.setPipeline(this.pipeline);
    for (const c of this.chunks) {
      pass.setBindGroup(0, c.bind);
      pass.draw(4);
    }
    pass.end();
  }
}
