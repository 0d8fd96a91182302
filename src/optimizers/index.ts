import { adam, adamNoBiasCorrection, adamw } from './adam';
import { gd } from './gd';
import type { Optimizer } from './optimizer';

/** Every optimizer of the sandbox, in the order menus list them. */
export const OPTIMIZERS: readonly Optimizer[] = [
  gd,
  adam,
  adamNoBiasCorrection,
  adamw,
];

/** The optimizer with this id, or undefined. */
export function findOptimizer(id: string): Optimizer | undefined {
  return OPTIMIZERS.find((o) => o.id === id);
}
