/** A value that survives `JSON.stringify` → `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (the usual shape of a mutation payload). */
export type JsonObject = { [key: string]: JsonValue };

/** Whether a JSON value is an object (not null, not an array). */
export function isJsonObject(value: JsonValue | null | undefined): value is JsonObject {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value);
}

/** The value as a JSON object, or undefined when it is anything else. */
export function asJsonObject(value: JsonValue | null | undefined): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}
