/** Stable codes of the errors Basins raises on purpose. */
export type ErrorCode =
  | 'SPEC_INVALID'
  | 'NO_WEBGPU'
  | 'DEVICE_LOST'
  | 'GPU_VALIDATION'
  | 'LIMIT_EXCEEDED';

/** An error a user can act on: a stable code and a message saying what to do. */
export class BasinsError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'BasinsError';
    this.code = code;
  }
}

/** One problem in a spec: where it is and what is wrong. */
export interface SpecIssue {
  /** Path of the field, e.g. "optimizers[0].hyper.lr". */
  path: string;
  message: string;
}

/** A spec that failed validation, with every problem found. */
export class SpecError extends BasinsError {
  readonly issues: readonly SpecIssue[];
  constructor(issues: readonly SpecIssue[]) {
    const lines = issues.map((i) => `  ${i.path}: ${i.message}`);
    super('SPEC_INVALID', `Invalid experiment spec:\n${lines.join('\n')}`);
    this.name = 'SpecError';
    this.issues = issues;
  }
}
