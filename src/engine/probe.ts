import type { Landscape } from '../objectives/landscape';
import type { Gpu } from './gpu';
import { makeStructuredView } from 'webgpu-utils';
import { probeKernelSource, reflect, structOf } from './shaders';

/** Value, gradient and Hessian at each point, as the GPU computes them. */
export interface ProbeResult {
  /** (f, gx, gy) per point. */
  valueGrad: Float32Array;
  /** (hxx, hxy, hyy) per point. */
  hessian: Float32Array;
}

/**
 * Evaluates a landscape's WGSL module at points (x, y interleaved). Used by
 * the tests against the Float64 twins and by views that sample the loss.
 */
export async function probeLandscape(
  gpu: Gpu,
  l: Landscape,
  params: Record<string, number>,
  points: Float32Array,
): Promise<ProbeResult> {
  const { device } = gpu;
  const code = probeKernelSource(l);
  const defs = reflect(code);
  const count = points.length / 2;
  const outStruct = structOf(code, 'ProbeOut');
  const label = (s: string) => `probe.${l.id}.${s}`;

  const lpView = makeStructuredView(defs.uniforms.lp!);
  lpView.set(Object.keys(params).length ? params : { unused: 0 });
  const mk = (name: string, size: number, usage: number) =>
    device.createBuffer({
      label: label(name),
      size: Math.max(16, size),
      usage,
    });
  const U = GPUBufferUsage;
  const probeU = mk('probe', 16, U.UNIFORM | U.COPY_DST);
  const lpU = mk(
    'params',
    lpView.arrayBuffer.byteLength,
    U.UNIFORM | U.COPY_DST,
  );
  const pts = mk('points', points.byteLength, U.STORAGE | U.COPY_DST);
  const outBytes = count * outStruct.size;
  const out = mk('out', outBytes, U.STORAGE | U.COPY_SRC);
  const read = mk('read', outBytes, U.MAP_READ | U.COPY_DST);
  device.queue.writeBuffer(probeU, 0, new Uint32Array([count, 0, 0, 0]));
  device.queue.writeBuffer(lpU, 0, lpView.arrayBuffer);
  device.queue.writeBuffer(pts, 0, points);

  const module = device.createShaderModule({ label: label('module'), code });
  const pipeline = await device.createComputePipelineAsync({
    label: label('pipeline'),
    layout: 'auto',
    compute: { module, entryPoint: 'main' },
  });
  const bind = device.createBindGroup({
    label: label('bind'),
    layout: pipeline.getBindGroupLayout(0),
    entries: [probeU, lpU, pts, out].map((buffer, binding) => ({
      binding,
      resource: { buffer },
    })),
  });
  const enc = device.createCommandEncoder({ label: label('encoder') });
  const pass = enc.beginComputePass({ label: label('pass') });
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bind);
  pass.dispatchWorkgroups(Math.ceil(count / 64));
  pass.end();
  enc.copyBufferToBuffer(out, 0, read, 0, outBytes);
  device.queue.submit([enc.finish()]);
  await read.mapAsync(GPUMapMode.READ);
  const raw = new Float32Array(read.getMappedRange().slice(0));
  read.destroy();
  for (const b of [probeU, lpU, pts, out]) b.destroy();

  const words = outStruct.size / 4;
  const vgOff = outStruct.fields.value_grad!.offset / 4;
  const hOff = outStruct.fields.hessian!.offset / 4;
  const valueGrad = new Float32Array(3 * count);
  const hessian = new Float32Array(3 * count);
  for (let i = 0; i < count; i++) {
    valueGrad.set(
      raw.subarray(i * words + vgOff, i * words + vgOff + 3),
      3 * i,
    );
    hessian.set(raw.subarray(i * words + hOff, i * words + hOff + 3), 3 * i);
  }
  return { valueGrad, hessian };
}
