/**
 * Remembers, outside the database file, that the database `name` of this origin was created and
 * opened: after that a missing or empty database means lost data, not a first start. Kept in
 * `localStorage`; where there is none (no window), nothing is remembered and nothing is checked.
 */
export class DatabaseMarker {
  private readonly key: string;

  constructor(name: string) {
    this.key = `mutation-outbox:database:${name}:created`;
  }

  /** Whether the database was opened here before. */
  isSet(): boolean {
    return store()?.getItem(this.key) !== null && store() !== null;
  }

  /** Records that the database exists now. */
  set(): void {
    store()?.setItem(this.key, '1');
  }

  /** Forgets the database (after the app deleted it on purpose). */
  clear(): void {
    store()?.removeItem(this.key);
  }
}

function store(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
