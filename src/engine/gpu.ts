import { BasinsError } from '../util/errors';
import { logger } from '../util/log';

const debug = logger('gpu');

/** What the engine needs of a device, and what it reports about it. */
export interface Gpu {
  device: GPUDevice;
  adapter: {
    vendor: string;
    architecture: string;
    description: string;
    isFallbackAdapter: boolean;
  };
}

export const NO_WEBGPU_HELP =
  'WebGPU is not available in this browser. Use a recent Chrome, Edge or ' +
  'Chromium (in Chromium on Linux start it with --enable-unsafe-webgpu ' +
  '--enable-features=Vulkan), Safari 26 or later, or Firefox 141 or later ' +
  'on Windows; check that hardware acceleration is on.';

/**
 * Requests an adapter and a device with the largest buffers the adapter
 * allows. Throws a BasinsError (NO_WEBGPU) saying how to enable WebGPU.
 */
export async function requestGpu(
  options: GPURequestAdapterOptions = { powerPreference: 'high-performance' },
): Promise<Gpu> {
  const gpu = globalThis.navigator?.gpu;
  if (!gpu) throw new BasinsError('NO_WEBGPU', NO_WEBGPU_HELP);
  const adapter = await gpu.requestAdapter(options);
  if (!adapter) {
    throw new BasinsError(
      'NO_WEBGPU',
      `${NO_WEBGPU_HELP} (navigator.gpu exists but offered no adapter.)`,
    );
  }
  const limits = adapter.limits;
  const device = await adapter.requestDevice({
    label: 'Basins.device',
    requiredLimits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxBufferSize: limits.maxBufferSize,
      maxComputeWorkgroupsPerDimension: limits.maxComputeWorkgroupsPerDimension,
    },
  });
  const info = adapter.info;
  debug(
    () =>
      `device on ${info.vendor} ${info.architecture}: storage binding ` +
      `${limits.maxStorageBufferBindingSize} bytes`,
  );
  return {
    device,
    adapter: {
      vendor: info.vendor,
      architecture: info.architecture,
      description: info.description,
      isFallbackAdapter: info.isFallbackAdapter ?? false,
    },
  };
}

/**
 * Runs `work` inside validation and out-of-memory error scopes. When the
 * device refused anything, calls `onRefused` (to free what was made) and
 * throws a BasinsError, LIMIT_EXCEEDED or GPU_VALIDATION, that reads
 * "The GPU refused `what`: ...", in place of any error of `work`.
 */
export async function withErrorScopes<T>(
  device: GPUDevice,
  what: string,
  work: () => Promise<T>,
  onRefused: () => void = () => {},
): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  try {
    return await work();
  } finally {
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    const err = validation ?? oom;
    if (err) {
      onRefused();
      // eslint-disable-next-line no-unsafe-finally
      throw new BasinsError(
        oom ? 'LIMIT_EXCEEDED' : 'GPU_VALIDATION',
        `The GPU refused ${what}: ${err.message}`,
      );
    }
  }
}
