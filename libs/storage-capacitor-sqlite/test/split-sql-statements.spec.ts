import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from '../src/split-sql-statements';

describe('splitSqlStatements', () => {
  it('splits on top-level semicolons and drops empty statements', () => {
    expect(splitSqlStatements('CREATE TABLE a (x);\n\n  INSERT INTO a VALUES (1) ;;')).toEqual(['CREATE TABLE a (x)', 'INSERT INTO a VALUES (1)']);
  });

  it('keeps semicolons inside literals, quoted names and comments', () => {
    const script = `INSERT INTO a VALUES ('x;''y--z'); -- note; here\nCREATE TABLE "b;c" ([d;e] TEXT /* ; */)`;
    expect(splitSqlStatements(script)).toEqual([`INSERT INTO a VALUES ('x;''y--z')`, `-- note; here\nCREATE TABLE "b;c" ([d;e] TEXT /* ; */)`]);
  });

  it('keeps a trigger body (with CASE ... END inside) in one statement', () => {
    const trigger = `CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  UPDATE c SET n = n + CASE WHEN new.x > 0 THEN 1 ELSE 0 END;\n  DELETE FROM d;\nEND`;
    expect(splitSqlStatements(`${trigger};\nBEGIN TRANSACTION;\nSELECT 1`)).toEqual([trigger, 'BEGIN TRANSACTION', 'SELECT 1']);
  });

  it('drops statements that are only comments', () => {
    expect(splitSqlStatements('-- header\n/* block */;\nSELECT 1;\n-- trailer')).toEqual(['SELECT 1']);
  });
});
