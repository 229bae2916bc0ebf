import type { ChangeListener, ChangeNotice } from '../change-notice';

/**
 * The in-process fan-out of change notices to `onChange` listeners. A throwing listener is
 * reported and does not stop the others (nor the Postgres connection that delivered the notice).
 */
export class ChangeHub {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    // Wrap so the same function subscribed twice gets two independent subscriptions.
    const subscription: ChangeListener = (change) => listener(change);
    this.listeners.add(subscription);
    return () => {
      this.listeners.delete(subscription);
    };
  }

  emit(change: ChangeNotice): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        console.error('@gateway/db: a change listener threw', error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
