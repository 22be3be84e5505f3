import { GraphValidationError } from '../core/index.ts';
import type { DStreamNode } from './dstream-node.ts';

/** Streams combined batch by batch (union, transformWith, join) must produce datasets at the same times. */
export function requireSameSlide(operation: string, parents: readonly DStreamNode<unknown>[]): void {
  if (parents.length === 0) throw new GraphValidationError(`${operation}: the list of streams is empty`);
  const slides = new Set(parents.map((p) => p.slideDurationMs));
  if (slides.size > 1) {
    const list = parents.map((p) => `${p.describe()} slides every ${p.slideDurationMs} ms`).join('; ');
    throw new GraphValidationError(`${operation}: the streams have different slide durations: ${list}`);
  }
  const graphs = new Set(parents.map((p) => p.graph));
  if (graphs.size > 1) throw new GraphValidationError(`${operation}: the streams belong to different contexts`);
}
