import type { DesktopEventName, DesktopEvents } from '@rushes/shared';

type Listener = <E extends DesktopEventName>(event: E, payload: DesktopEvents[E]) => void;

/** Events main pushes to every renderer: Electron windows or web-mode tabs. */
export class DesktopEventHub {
  private readonly listeners = new Set<Listener>();

  emit<E extends DesktopEventName>(event: E, payload: DesktopEvents[E]): void {
    for (const listener of this.listeners) listener(event, payload);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
