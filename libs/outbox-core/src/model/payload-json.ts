import type { NewOutboxEntry } from './entry';

/** The payload text each entry built by the engine was validated and size-checked with. */
const validatedPayloadJson = new WeakMap<NewOutboxEntry, string>();

/**
 * Records `json` as the serialized payload of `entry`, which the engine has just built from a
 * validated mutation (so `payloadJsonOf` need not serialize it a second time).
 */
export function recordPayloadJson(entry: NewOutboxEntry, json: string): void {
  validatedPayloadJson.set(entry, json);
}

/**
 * The JSON text a storage that keeps payloads as text should store for `entry`: for an entry the
 * engine built at enqueue, the very text it validated and counted in `sizeBytes` (serialized
 * once; a later change to the caller's payload object does not reach the stored entry); for any
 * other entry object, `JSON.stringify(entry.payload)`.
 */
export function payloadJsonOf(entry: NewOutboxEntry): string {
  return validatedPayloadJson.get(entry) ?? JSON.stringify(entry.payload);
}
