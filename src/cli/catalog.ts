import { LANDSCAPES } from '../objectives';
import { OPTIMIZERS } from '../optimizers';
import { ORACLES } from '../oracles';
import { SCHEDULES } from '../optimizers/schedules';
import { defaultsOf } from '../spec/params';

/** Everything a spec can name, as plain JSON: the `--list` output. */
export function catalog() {
  return {
    landscapes: LANDSCAPES.map((l) => {
      const p = defaultsOf(l.params);
      return {
        id: l.id,
        name: l.name,
        summary: l.summary,
        reference: l.reference,
        params: l.params,
        bounds: l.bounds(p),
        minima: l.minima(p),
        saddles: l.saddles(p),
        basinRadius: l.basinRadius(p),
      };
    }),
    optimizers: OPTIMIZERS.map((o) => ({
      id: o.id,
      name: o.name,
      family: o.family,
      kind: o.kind,
      summary: o.summary,
      reference: o.reference,
      hyper: o.hyper,
    })),
    gradients: ORACLES.map((o) => ({
      id: o.id,
      name: o.name,
      family: o.id === 'plain' ? 'plain' : 'landscape-aware',
      summary: o.summary,
      reference: o.reference,
      hyper: o.hyper,
    })),
    schedules: SCHEDULES,
  };
}
