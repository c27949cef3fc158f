/**
 * The app's own tables. Contacts and activities created offline carry a temporary id (`tmp_...`)
 * until the server answers; `ON UPDATE CASCADE` lets the id swap reach the activities.
 * `server_versions` keeps the version of the server's latest answer per row, also while the row
 * is deleted locally (its delete still queued), so undoing that delete restores the current version.
 */
export const APP_SCHEMA = `
CREATE TABLE IF NOT EXISTS contacts (
  id TEXT PRIMARY KEY NOT NULL,
  name TEXT NOT NULL,
  email TEXT,
  phone TEXT,
  notes TEXT,
  version INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS activities (
  id TEXT PRIMARY KEY NOT NULL,
  contact_id TEXT NOT NULL REFERENCES contacts(id) ON UPDATE CASCADE ON DELETE CASCADE,
  activity TEXT NOT NULL,
  date TEXT NOT NULL,
  version INTEGER,
  created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS activities_contact ON activities(contact_id);
CREATE TABLE IF NOT EXISTS server_versions (
  tbl TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (tbl, id)
);
`;
