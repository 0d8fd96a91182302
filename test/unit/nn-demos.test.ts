import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { resolveNetworkSpec } from '../../src/nn/spec';

const dir = new URL('../../demos/', import.meta.url);
const files = readdirSync(dir).filter(
  (f) => f.startsWith('nn-') && f.endsWith('.json'),
);

describe('network demos', () => {
  test('there are some', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  test.each(files)('%s is a valid network spec', (f) => {
    const input: unknown = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
    const spec = resolveNetworkSpec(input);
    expect(spec.runs).toBeGreaterThanOrEqual(1024);
  });
});
