/**
 * Buffers reused across calls by slot: the views rewrite their small
 * uniforms and the page's CPU positions every time a source changes, and
 * allocating fresh buffers for that would churn GPU memory.
 */
export class BufferPool {
  private readonly buffers = new Map<number, GPUBuffer>();

  constructor(
    private readonly device: GPUDevice,
    private readonly label: string,
    private readonly usage: GPUBufferUsageFlags,
  ) {}

  /** The buffer of a slot, at least `bytes` long (grown by doubling). */
  get(slot: number, bytes: number): GPUBuffer {
    const have = this.buffers.get(slot);
    if (have && have.size >= bytes) return have;
    have?.destroy();
    const size = Math.max(16, have ? 2 * have.size : 0, align4(bytes));
    const b = this.device.createBuffer({
      label: `${this.label}[${slot}]`,
      size: align4(size),
      usage: this.usage,
    });
    this.buffers.set(slot, b);
    return b;
  }

  /** Frees every buffer. */
  destroy(): void {
    for (const b of this.buffers.values()) b.destroy();
    this.buffers.clear();
  }
}

function align4(n: number): number {
  return Math.ceil(n / 4) * 4;
}
