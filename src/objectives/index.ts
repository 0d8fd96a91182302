import { himmelblau } from './himmelblau';
import type { Landscape } from './landscape';

/** Every landscape of the sandbox, in the order menus list them. */
export const LANDSCAPES: readonly Landscape[] = [himmelblau];

/** The landscape with this id, or undefined. */
export function findLandscape(id: string): Landscape | undefined {
  return LANDSCAPES.find((l) => l.id === id);
}
