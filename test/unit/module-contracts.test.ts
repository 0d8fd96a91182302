import { describe, expect, test } from 'vitest';
import { reflect } from '../../src/engine/shaders';
import { LANDSCAPES } from '../../src/objectives';
import { OPTIMIZERS } from '../../src/optimizers';
import { ORACLES } from '../../src/oracles';

function structFields(code: string, name: string): string[] {
  const defs = reflect(code);
  const s = defs.structs[name];
  if (!s) throw new Error(`struct ${name} not found`);
  return Object.keys(s.fields);
}

describe('optimizer WGSL modules declare what their TypeScript twins use', () => {
  test.each(OPTIMIZERS.map((o) => [o.id, o] as const))(
    '%s: OptState fields are the state slots and OptConsts the constants',
    (_id, o) => {
      expect(structFields(o.wgsl, 'OptState')).toEqual([...o.state]);
      const h: Record<string, number> = {};
      for (const [k, p] of Object.entries(o.hyper)) h[k] = p.default;
      const c = o.consts(h, { t: 1, lr: h.lr ?? 0 });
      expect(structFields(o.wgsl, 'OptConsts').sort()).toEqual(
        Object.keys(c).sort(),
      );
      expect(Object.keys(o.hyper)).toContain('lr');
      const fn = o.kind === 'coordinate' ? 'opt_update' : 'opt_update2';
      expect(o.wgsl).toMatch(new RegExp(`fn ${fn}\\(`));
    },
  );

  test('optimizer ids are unique', () => {
    const ids = OPTIMIZERS.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('landscape WGSL modules declare their parameters', () => {
  test.each(LANDSCAPES.map((l) => [l.id, l] as const))(
    '%s: LandscapeParams fields are the declared parameters',
    (_id, l) => {
      const names = Object.keys(l.params);
      expect(structFields(l.wgsl, 'LandscapeParams')).toEqual(
        names.length ? names : ['unused'],
      );
      expect(l.wgsl).toMatch(/fn landscape_value_grad\(/);
      expect(l.wgsl).toMatch(/fn landscape_hessian\(/);
    },
  );

  test('landscape ids are unique', () => {
    const ids = LANDSCAPES.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('gradient-oracle WGSL modules declare what their twins use', () => {
  test.each(ORACLES.map((o) => [o.id, o] as const))(
    '%s: OracleConsts fields are the constants',
    (_id, o) => {
      const h: Record<string, number> = {};
      for (const [k, p] of Object.entries(o.hyper)) h[k] = p.default;
      const c = o.consts(h, { t: 1, lr: 0.1 });
      expect(structFields(o.wgsl, 'OracleConsts').sort()).toEqual(
        Object.keys(c).sort(),
      );
      expect(o.wgsl).toMatch(/fn oracle_grad\(/);
      expect(o.wgsl).not.toContain('#');
    },
  );
});
