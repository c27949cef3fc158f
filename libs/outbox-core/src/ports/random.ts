/** Randomness for jitter and identifiers, injectable so tests are deterministic. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A new random identifier, unique for all practical purposes (RFC 4122 v4 format). */
  uuid(): string;
}
