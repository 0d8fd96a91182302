import { ackley } from './ackley';
import { beale } from './beale';
import { booth } from './booth';
import { goldsteinPrice } from './goldstein-price';
import { himmelblau } from './himmelblau';
import type { Landscape } from './landscape';
import { levy } from './levy';
import { matyas } from './matyas';
import { quadratic } from './quadratic';
import { rastrigin } from './rastrigin';
import { rosenbrock } from './rosenbrock';
import { saddle } from './saddle';
import { sixHumpCamel } from './six-hump-camel';
import { styblinskiTang } from './styblinski-tang';
import { threeHumpCamel } from './three-hump-camel';
import { twoWells } from './two-wells';

/** Every landscape of the sandbox, in the order menus list them. */
export const LANDSCAPES: readonly Landscape[] = [
  quadratic,
  saddle,
  rosenbrock,
  himmelblau,
  rastrigin,
  ackley,
  beale,
  booth,
  goldsteinPrice,
  sixHumpCamel,
  threeHumpCamel,
  styblinskiTang,
  matyas,
  levy,
  twoWells,
];

/** The landscape with this id, or undefined. */
export function findLandscape(id: string): Landscape | undefined {
  return LANDSCAPES.find((l) => l.id === id);
}
