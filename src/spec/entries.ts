/**
 * The optimizer entries of a spec, shared by landscapes and networks:
 * `{ id, hyper, schedule, gradient, label, ...lane fields }`, each checked
 * with the path of its field. What differs between the two kinds of lane
 * (which optimizers and gradient oracles they take, their own fields such
 * as `swa` or `batchSize`, their default label) comes in as rules.
 */
import type { Optimizer } from '../optimizers/optimizer';
import type { ScheduleSpec } from '../optimizers/schedules';
import type { Oracle } from '../oracles/oracle';
import { plain } from '../oracles/plain';
import { Checker, checkSchedule, type Obj } from './checker';

/** The fields every optimizer entry has, validated. */
export interface OptimizerEntry<D extends Optimizer = Optimizer> {
  def: D;
  hyper: Record<string, number>;
  schedule: ScheduleSpec;
  /** How the gradient is formed; the plain oracle when not given. */
  oracle: Oracle;
  oracleHyper: Record<string, number>;
}

/** What a kind of lane says about its entries. */
export interface EntryRules<D extends Optimizer, T extends { label: string }> {
  /** Most entries a spec may have. */
  max: number;
  /** Fields of an entry besides id, hyper, schedule, gradient, label. */
  fields: readonly string[];
  /** The optimizer named by `id`, or what to say at `<entry>.id`. */
  optimizer(id: unknown): D | string;
  /** The oracle named by `gradient.id`, or what to say there. */
  oracle(id: unknown): Oracle | string;
  /** The lane: the common fields plus its own, read from the raw entry
   * at `path`; its label is the default, replaced by a valid `label`. */
  lane(entry: OptimizerEntry<D>, raw: Obj, path: string): T;
}

/** Validates the `optimizers` array of a spec by the rules of its lanes. */
export function checkOptimizerEntries<
  D extends Optimizer,
  T extends { label: string },
>(c: Checker, v: unknown, rules: EntryRules<D, T>): T[] {
  if (!Array.isArray(v) || v.length === 0) {
    c.fail('optimizers', 'must be a non-empty array of optimizer entries');
    return [];
  }
  if (v.length > rules.max) {
    c.fail('optimizers', `at most ${rules.max} optimizers, got ${v.length}`);
    return [];
  }
  const out: T[] = [];
  v.forEach((entry: unknown, i) => {
    const path = `optimizers[${i}]`;
    const o = c.object(entry, path, [
      'id',
      'hyper',
      'schedule',
      'gradient',
      ...rules.fields,
      'label',
    ]);
    if (!o) return;
    const def = rules.optimizer(o.id);
    if (typeof def === 'string') {
      c.fail(`${path}.id`, def);
      return;
    }
    const hyper = c.params(o.hyper, `${path}.hyper`, def.hyper);
    const schedule = checkSchedule(c, o.schedule, `${path}.schedule`);
    let oracle = plain;
    let oracleHyper: Record<string, number> = {};
    if (o.gradient !== undefined) {
      const go = c.object(o.gradient, `${path}.gradient`, ['id', 'hyper']);
      const found = go ? rules.oracle(go.id) : plain;
      if (typeof found === 'string') c.fail(`${path}.gradient.id`, found);
      else if (go) {
        oracle = found;
        oracleHyper = c.params(go.hyper, `${path}.gradient.hyper`, found.hyper);
      }
    }
    const lane = rules.lane(
      { def, hyper, schedule, oracle, oracleHyper },
      o,
      path,
    );
    if (o.label !== undefined) {
      if (typeof o.label === 'string' && o.label.length <= 80) {
        lane.label = o.label;
      } else {
        c.fail(`${path}.label`, 'must be a string of at most 80 characters');
      }
    }
    out.push(lane);
  });
  return out;
}
