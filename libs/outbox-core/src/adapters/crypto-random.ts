import type { Random } from '../ports/random';

/** Randomness from the Web Crypto API (`globalThis.crypto`, present in browsers and Node 20+). */
export class CryptoRandom implements Random {
  next(): number {
    const buffer = new Uint32Array(1);
    globalThis.crypto.getRandomValues(buffer);
    return (buffer[0] ?? 0) / 4294967296;
  }

  uuid(): string {
    return globalThis.crypto.randomUUID();
  }
}
