import type { OutboxEventMap, OutboxEventName, OutboxListener } from '../model/events';

/**
 * Typed publish/subscribe. A throwing listener never breaks the emitter or other listeners: its
 * error is reported as a `listener:error` event (and dropped if that listener throws too).
 */
export class EventBus {
  private readonly listeners = new Map<OutboxEventName, Set<OutboxListener<OutboxEventName>>>();

  /** Subscribes; returns an idempotent unsubscribe function. */
  on<K extends OutboxEventName>(name: K, listener: OutboxListener<K>): () => void {
    const set = this.listeners.get(name) ?? new Set();
    set.add(listener as OutboxListener<OutboxEventName>);
    this.listeners.set(name, set);
    return () => {
      set.delete(listener as OutboxListener<OutboxEventName>);
    };
  }

  /** Calls every listener of `name` with `payload`, isolating failures. */
  emit<K extends OutboxEventName>(name: K, payload: OutboxEventMap[K]): void {
    const set = this.listeners.get(name);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(payload);
      } catch (error) {
        if (name !== 'listener:error') this.emit('listener:error', { event: name, error });
      }
    }
  }
}
