import { defineCustomElements } from 'jeep-sqlite/loader';

/**
 * Starts jeep-sqlite, the web implementation of Capacitor SQLite (sql.js persisted in IndexedDB):
 * defines the custom element, adds one `<jeep-sqlite>` to the page and waits until it is ready.
 * The element loads `/assets/sql-wasm.wasm`, which the build copies from sql.js 1.12.0.
 */
export async function startJeepSqlite(doc: Document = document): Promise<void> {
  defineCustomElements(window);
  if (!doc.querySelector('jeep-sqlite')) {
    const element = doc.createElement('jeep-sqlite');
    element.setAttribute('wasmpath', '/assets');
    // Saves to IndexedDB after every statement outside an explicit transaction; transactions are saved by the storage.
    element.setAttribute('autosave', 'true');
    doc.body.appendChild(element);
  }
  await customElements.whenDefined('jeep-sqlite');
}
