import { adabelief } from './adabelief';
import { adadelta } from './adadelta';
import { adagrad } from './adagrad';
import { adam, adamNoBiasCorrection, adamw } from './adam';
import { adamax } from './adamax';
import { amsgrad } from './amsgrad';
import { gd } from './gd';
import { lion } from './lion';
import { momentum, nesterov } from './momentum';
import { nadam } from './nadam';
import { newton, newtonDiag } from './newton';
import type { Optimizer } from './optimizer';
import { radam } from './radam';
import { rmsprop, rmspropCentered } from './rmsprop';
import { signsgd } from './signsgd';

/** Every optimizer of the sandbox, in the order menus list them. */
export const OPTIMIZERS: readonly Optimizer[] = [
  // first-order
  gd,
  momentum,
  nesterov,
  signsgd,
  // adaptive
  adagrad,
  rmsprop,
  rmspropCentered,
  adadelta,
  adam,
  adamNoBiasCorrection,
  adamw,
  amsgrad,
  adamax,
  nadam,
  radam,
  adabelief,
  lion,
  // second-order
  newton,
  newtonDiag,
];

/** The optimizer with this id, or undefined. */
export function findOptimizer(id: string): Optimizer | undefined {
  return OPTIMIZERS.find((o) => o.id === id);
}
