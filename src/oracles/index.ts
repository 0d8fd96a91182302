import { antiPgd } from './anti-pgd';
import { entropySgd } from './entropy-sgd';
import { lpfSgd } from './lpf-sgd';
import type { Oracle } from './oracle';
import { plain } from './plain';
import { asam, sam } from './sam';
import { sgld } from './sgld';

/** Every gradient oracle: the plain gradient, then the landscape-aware. */
export const ORACLES: readonly Oracle[] = [
  plain,
  sam,
  asam,
  entropySgd,
  antiPgd,
  sgld,
  lpfSgd,
];

/** The oracle with this id, or undefined. */
export function findOracle(id: string): Oracle | undefined {
  return ORACLES.find((o) => o.id === id);
}
