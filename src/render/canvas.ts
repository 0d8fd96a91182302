/**
 * What the views share about canvases: configuring a WebGPU context,
 * the ratio of device to CSS pixels, and reading a frame back.
 */

/** A canvas a view can draw into. */
export type RenderCanvas = HTMLCanvasElement | OffscreenCanvas;

/** Pixels of a frame, RGBA in rows from the top, alpha premultiplied. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/**
 * Configures a 'webgpu' context. COPY_SRC lets a frame be read back (tests,
 * PNG export); COPY_DST lets the cached heatmap be copied in each frame.
 */
export function configureContext(
  device: GPUDevice,
  canvas: RenderCanvas,
  format: GPUTextureFormat,
): GPUCanvasContext {
  const context = canvas.getContext('webgpu');
  if (!context) {
    throw new Error(
      'This canvas has no WebGPU context: it already has a 2D or WebGL ' +
        'context, or WebGPU is missing. Give each view a fresh canvas.',
    );
  }
  context.configure({
    device,
    format,
    alphaMode: 'premultiplied',
    usage:
      GPUTextureUsage.RENDER_ATTACHMENT |
      GPUTextureUsage.COPY_SRC |
      GPUTextureUsage.COPY_DST,
  });
  return context;
}

/**
 * An opaque colour as one u32 pixel of an rgba8unorm or bgra8unorm
 * texture (bytes in memory order, little-endian words).
 */
export function packColor(
  c: readonly number[],
  format: GPUTextureFormat,
): number {
  const byte = (v: number) => Math.round(Math.min(Math.max(v, 0), 1) * 255);
  const [r, g, b] = [byte(c[0]!), byte(c[1]!), byte(c[2]!)];
  const [first, third] = format.startsWith('bgra') ? [b, r] : [r, b];
  return (first | (g << 8) | (third << 16) | (255 << 24)) >>> 0;
}

/** Device pixels per CSS pixel: 1 for an OffscreenCanvas. */
export function pixelRatio(canvas: RenderCanvas): number {
  if ('clientWidth' in canvas && canvas.clientWidth > 0) {
    return canvas.width / canvas.clientWidth;
  }
  return 1;
}

/**
 * Encodes a frame into the canvas texture and copies it out in the same
 * submit (a canvas texture expires once the frame is presented), then
 * returns RGBA pixels whatever the canvas format.
 */
export async function readFrame(
  device: GPUDevice,
  context: GPUCanvasContext,
  label: string,
  encode: (encoder: GPUCommandEncoder, target: GPUTexture) => void,
): Promise<Pixels> {
  const texture = context.getCurrentTexture();
  const { width, height, format } = texture;
  const bgra = format === 'bgra8unorm' || format === 'bgra8unorm-srgb';
  if (!bgra && !format.startsWith('rgba8unorm')) {
    throw new Error(`cannot read back a ${format} canvas (8-bit RGBA only)`);
  }
  // rows of a texture copy are aligned to 256 bytes
  const bytesPerRow = Math.ceil((4 * width) / 256) * 256;
  const buffer = device.createBuffer({
    label: `${label}.readback`,
    size: bytesPerRow * height,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });
  const encoder = device.createCommandEncoder({ label: `${label}.capture` });
  encode(encoder, texture);
  encoder.copyTextureToBuffer(
    { texture },
    { buffer, bytesPerRow },
    { width, height },
  );
  device.queue.submit([encoder.finish()]);
  await buffer.mapAsync(GPUMapMode.READ);
  const raw = new Uint8Array(buffer.getMappedRange());
  const data = new Uint8ClampedArray(4 * width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = y * bytesPerRow + 4 * x;
      const d = 4 * (y * width + x);
      data[d] = raw[bgra ? s + 2 : s]!;
      data[d + 1] = raw[s + 1]!;
      data[d + 2] = raw[bgra ? s : s + 2]!;
      data[d + 3] = raw[s + 3]!;
    }
  }
  buffer.unmap();
  buffer.destroy();
  return { width, height, data };
}

/** Pixels as a PNG file. */
export async function pixelsToPng(p: Pixels): Promise<Blob> {
  const canvas = new OffscreenCanvas(p.width, p.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context for the PNG export');
  // ImageData holds unpremultiplied alpha; frames are opaque, so equal
  const image = new ImageData(p.width, p.height);
  image.data.set(p.data);
  ctx.putImageData(image, 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}
