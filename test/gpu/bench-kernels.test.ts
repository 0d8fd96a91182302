/**
 * The benchmark's peak kernels against their references: the FMA chains
 * against a Float64 computation within a derived float32 bound, the copy
 * kernel bit for bit. Sizes that are not multiples of the workgroup size,
 * and rows cut short to force a two-dimensional dispatch, catch indexing
 * bugs.
 */
import { describe, expect, test } from 'vitest';
import {
  CopyKernel,
  FmaKernel,
  type KernelOptions,
} from '../../src/bench/peak';
import { fmaSumBound, fmaSumFloat64 } from '../../src/bench/peak-reference';
import { expectClose, useGpu } from './harness';

const gpu = useGpu();

/** The device's rows, or rows of a few workgroups to force two dimensions. */
function rows(maxDim: number | 'device'): KernelOptions {
  return maxDim === 'device' ? {} : { maxWorkgroupsPerDimension: maxDim };
}

describe('peak FMA kernel', () => {
  // a and b are exact in float32, so the reference differs from the GPU
  // only by float32 rounding; fmaSumBound derives the allowed error
  const a = 0.75;
  const b = 0.25;

  test.each([
    // invocations, iterations, workgroups per dimension (small: 2D)
    [1, 0, 'device'],
    [13, 1, 'device'],
    [64 * 3 + 7, 7, 'device'],
    [1000, 100, 5],
  ] as const)(
    '%d invocations x %d iterations (rows of %s workgroups)',
    async (n, iterations, maxDim) => {
      const { device } = gpu();
      const fma = await FmaKernel.create(device, n, rows(maxDim));
      try {
        fma.submit(iterations, 1, a, b);
        const sums = await fma.readSums();
        const expected = Array.from({ length: n }, (_, i) =>
          fmaSumFloat64(i, iterations, a, b),
        );
        expectClose(
          sums,
          expected,
          { atol: fmaSumBound(a, b, iterations), rtol: 0 },
          'fma sums',
          (i) => `invocation ${i}`,
        );
      } finally {
        fma.destroy();
      }
    },
  );

  test('repeated dispatches give the same sums', async () => {
    const { device } = gpu();
    const fma = await FmaKernel.create(device, 100);
    try {
      fma.submit(50, 1, a, b);
      const once = await fma.readSums();
      fma.submit(50, 3, a, b);
      expect(await fma.readSums()).toEqual(once);
    } finally {
      fma.destroy();
    }
  });
});

describe('copy kernel', () => {
  test.each([
    // vectors, workgroups per dimension (small: 2D)
    [1, 'device'],
    [13, 'device'],
    [256 * 5 + 3, 'device'],
    [100_003, 30],
  ] as const)(
    '%d vectors (rows of %s workgroups) copy exactly',
    async (n, maxDim) => {
      const { device } = gpu();
      const copy = await CopyKernel.create(device, n, rows(maxDim));
      try {
        // every bit pattern, NaN payloads and subnormals among them
        const data = new Uint32Array(4 * n);
        let s = 12345;
        for (let i = 0; i < data.length; i++) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          data[i] = s;
        }
        data[0] = 0x7fc00001; // a NaN with a payload
        device.queue.writeBuffer(copy.src, 0, data);
        copy.submit(2);
        const out = await copy.readDst();
        let first = -1;
        for (let i = 0; i < data.length && first < 0; i++) {
          if (out[i] !== data[i]) first = i;
        }
        expect(first, `first differing word of ${data.length}`).toBe(-1);
        expect(copy.bytesPerDispatch).toBe(32 * n);
      } finally {
        copy.destroy();
      }
    },
  );
});
