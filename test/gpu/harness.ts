/**
 * The one harness of the GPU tests: a device per test file, a validation
 * and out-of-memory error scope around every test (asserted empty), the
 * device destroyed afterwards, and comparisons that print the first
 * mismatches as a table. There is no skipping: without an adapter every
 * GPU test fails and says why.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { requestGpu, type Gpu } from '../../src/engine/gpu';

let current: Gpu | null = null;

/** Sets up the device hooks for a test file; call at its top level. */
export function useGpu(): () => Gpu {
  beforeAll(async () => {
    // Fails (never skips) with the reason when WebGPU is missing.
    current = await requestGpu();
  });
  beforeEach(() => {
    current!.device.pushErrorScope('out-of-memory');
    current!.device.pushErrorScope('validation');
  });
  afterEach(async () => {
    const validation = await current!.device.popErrorScope();
    const oom = await current!.device.popErrorScope();
    expect(validation?.message ?? null).toBeNull();
    expect(oom?.message ?? null).toBeNull();
  });
  afterAll(() => {
    current?.device.destroy();
    current = null;
  });
  return () => {
    if (!current) throw new Error('GPU device not ready');
    return current;
  };
}

/** Allowed error: |actual - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/**
 * Asserts that two arrays agree within the tolerance. Non-finite values
 * must match in kind (NaN with NaN, +Inf with +Inf). On failure the
 * message holds a table of the first ten mismatches.
 */
export function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol: Tolerance,
  what: string,
  names?: (i: number) => string,
): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const rows: string[] = [];
  let bad = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    let ok: boolean;
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      ok = Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e));
    } else {
      ok = Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
    }
    if (!ok) {
      bad++;
      if (rows.length < 10) {
        const allowed = tol.atol + tol.rtol * Math.abs(e);
        const name = names ? names(i) : String(i);
        rows.push(
          `${name.padEnd(24)} ${fmt(a)} ${fmt(e)} ${fmt(Math.abs(a - e))} ` +
            `${fmt(allowed)}`,
        );
      }
    }
  }
  if (bad > 0) {
    const head =
      `${'index'.padEnd(24)} ${'actual'.padStart(13)} ` +
      `${'expected'.padStart(13)} ${'|error|'.padStart(13)} ` +
      `${'allowed'.padStart(13)}`;
    expect.fail(
      `${what}: ${bad} of ${expected.length} values outside ` +
        `atol ${tol.atol} + rtol ${tol.rtol} * |expected|\n` +
        [head, ...rows].join('\n'),
    );
  }
}

function fmt(v: number): string {
  return (Number.isFinite(v) ? v.toExponential(6) : String(v)).padStart(13);
}
