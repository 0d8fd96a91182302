/**
 * Copies the first bytes of storage buffers into mappable buffers and maps
 * them, all in one submit: the one way results come back from the GPU.
 */
export async function readBuffers(
  device: GPUDevice,
  parts: readonly (readonly [GPUBuffer, number])[],
  label: string,
): Promise<ArrayBuffer[]> {
  const enc = device.createCommandEncoder({ label });
  const staging = parts.map(([src, size]) => {
    const s = device.createBuffer({
      label: `${label}.${src.label}`,
      size: Math.max(4, Math.ceil(size / 4) * 4),
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    enc.copyBufferToBuffer(src, 0, s, 0, s.size);
    return s;
  });
  device.queue.submit([enc.finish()]);
  const out: ArrayBuffer[] = [];
  for (const s of staging) {
    await s.mapAsync(GPUMapMode.READ);
    out.push(s.getMappedRange().slice(0));
    s.destroy();
  }
  return out;
}
