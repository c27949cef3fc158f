import type { OutboxEntry } from '../model/entry';
import type { OutboxStorage, StorageTransaction } from '../ports/storage';
import type { TempIds } from './temp-ids';

/** The ids of an entry that decide ordering and dependencies, with temporary ids already mapped replaced. */
export interface CanonicalView {
  readonly entityId: string;
  readonly partitionKey: string;
  readonly references: readonly string[];
}

/**
 * Maps a temporary id to its server id once the server assigned one, so that an entity is one
 * entity to the engine whether the app addressed it by its temporary id (before the create
 * succeeded) or by its server id (after `onIdMapped` renamed its rows). Mappings never change once
 * recorded, so known ones are cached; unmapped ids are looked up again (they may map later).
 */
export class CanonicalIds {
  private readonly known = new Map<string, string>();

  constructor(
    private readonly storage: OutboxStorage,
    private readonly tempIds: TempIds,
  ) {}

  /** The server id of `id` when it is a mapped temporary id, else `id`. */
  async of(id: string, tx?: StorageTransaction): Promise<string> {
    if (!this.tempIds.isTemp(id)) return id;
    const cached = this.known.get(id);
    if (cached !== undefined) return cached;
    const serverId = await this.storage.getServerId(id, tx);
    if (serverId === null) return id;
    this.known.set(id, serverId);
    return serverId;
  }

  /** The entry's entity, partition and references in canonical form. */
  async view(entry: OutboxEntry, tx?: StorageTransaction): Promise<CanonicalView> {
    return {
      entityId: await this.of(entry.entityId, tx),
      partitionKey: await this.of(entry.partitionKey, tx),
      references: await Promise.all(entry.references.map((id) => this.of(id, tx))),
    };
  }
}
