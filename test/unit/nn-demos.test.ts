import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { resolveNetworkSpec } from '../../src/nn/spec';
import { MAX_LANES } from '../../src/ui/networks/net-form';

const dir = new URL('../../demos/', import.meta.url);
const files = readdirSync(dir).filter(
  (f) => f.startsWith('nn-') && f.endsWith('.json'),
);

describe('network demos', () => {
  test('there are some', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  test('the SAM demo sets SGD against SGD + SAM and full-batch GD', () => {
    const f = new URL('nn-sam-sharpness.json', dir);
    const spec = resolveNetworkSpec(JSON.parse(readFileSync(f, 'utf8')));
    expect(spec.optimizers.map((o) => o.label)).toEqual([
      'GD / SGD, B=16',
      'GD / SGD + SAM ρ=0.05, B=16',
      'GD / SGD, B=full',
    ]);
    // the page compares at most three lanes
    expect(spec.optimizers.length).toBeLessThanOrEqual(MAX_LANES);
  });

  test.each(files)('%s is a valid network spec', (f) => {
    const input: unknown = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
    const spec = resolveNetworkSpec(input);
    expect(spec.runs).toBeGreaterThanOrEqual(1024);
  });
});
