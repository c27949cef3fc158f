/** A value that survives `JSON.stringify` → `JSON.parse` unchanged. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (the usual shape of a mutation payload). */
export type JsonObject = { [key: string]: JsonValue };
