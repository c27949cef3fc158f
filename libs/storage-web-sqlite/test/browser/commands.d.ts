import type { SqlCipherReport } from '../support/sqlcipher-commands';

declare module 'vitest/browser' {
  interface BrowserCommands {
    openWithSqlCipher(base64: string, keyPragma: string, query: string): Promise<SqlCipherReport>;
  }
}
