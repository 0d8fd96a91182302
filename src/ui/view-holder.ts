/**
 * Holds a drawing view (GPU textures, pipelines, buffers) for an element:
 * made again when what it was made for changes (a new device, a new
 * canvas), and destroyed when the element leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class ViewHolder<
  T extends { destroy(): void },
> implements ReactiveController {
  private view: T | null = null;
  private key: readonly unknown[] = [];

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * The view for these keys: the one held if the keys are the same
   * (compared one by one with ===), else a new one from `make`.
   */
  get(key: readonly unknown[], make: () => T | null): T | null {
    const same =
      this.view !== null &&
      key.length === this.key.length &&
      key.every((k, i) => k === this.key[i]);
    if (same) return this.view;
    this.release();
    this.key = key;
    this.view = make();
    return this.view;
  }

  /** The view held now, if any. */
  get current(): T | null {
    return this.view;
  }

  release(): void {
    this.view?.destroy();
    this.view = null;
    this.key = [];
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.release();
  }
}
