import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './harness';
import type { TestServer } from './harness';

async function withSite(): Promise<TestServer> {
  const probe = await startTestServer();
  const site = join(probe.dir, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>demo</title>');
  writeFileSync(join(site, 'assets', 'sql-wasm.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(site, 'assets', 'app.js'), 'export {};');
  await probe.server.close();
  return startTestServer({ staticDir: site });
}

const html = { Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describe('static files', () => {
  it('serves files with their content types, HEAD included', async () => {
    const t = await withSite();
    const wasm = await fetch(`${t.server.url}/assets/sql-wasm.wasm`);
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 97, 115, 109]));
    expect((await fetch(`${t.server.url}/assets/app.js`)).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const index = await fetch(`${t.server.url}/`);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>demo</title>');
    const head = await fetch(`${t.server.url}/assets/app.js`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('10');
  });

  it('falls back to index.html for HTML navigations, keeping API answers JSON', async () => {
    const t = await withSite();
    const deep = await fetch(`${t.server.url}/contacts/12/edit`, { headers: html });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>demo</title>');
    const navigation = await fetch(`${t.server.url}/contacts`, { headers: html });
    expect(navigation.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await t.call('GET', '/contacts')).body).toEqual({ contacts: [] });
    expect((await t.call('GET', '/api/contacts', { headers: html })).body).toEqual({ contacts: [] });
    expect((await t.call('GET', '/assets/missing.js')).status).toBe(404);
    expect((await t.call('GET', '/admin/state', { headers: html })).body).toEqual({ contacts: [], activities: [] });
  });

  it('never serves files outside the directory', async () => {
    const t = await withSite();
    expect((await fetch(`${t.server.url}/..%2f..%2fdemo.db`)).status).toBe(404);
    expect((await fetch(`${t.server.url}/%2e%2e/demo.db`)).status).toBe(404);
  });
});
