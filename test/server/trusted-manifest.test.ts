import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadTypeDefs } from '../../src/server/schema.js';
import { buildTrustedManifest, documentHash, readTrustedManifest, type TrustedManifest } from '../../src/server/trusted-manifest.js';

const OPERATIONS = new URL('../../operations/', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;
const schema = buildSchema(loadTypeDefs().join('\n'));

/** A scratch folder holding these operation files. */
function folderOf(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'c360-ops-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs `npm run trusted-documents -- …` as a user does; resolves with its exit code and output. */
async function command(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('npm', ['run', '-s', 'trusted-documents', '--', ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run trusted-documents', () => {
  it('builds the manifest of a folder of operations: one entry per file, its id the SHA-256 of the file', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'c360-manifest-')), 'manifest.json');
    const run = await command('--from', OPERATIONS, '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('4 trusted operations (Agent, AuditEvents, Customers, Timeline)');
    const manifest = JSON.parse(readFileSync(out, 'utf8')) as TrustedManifest;
    expect(manifest).toEqual(buildTrustedManifest(OPERATIONS, schema));
    expect(manifest.format).toBe('apollo-persisted-query-manifest');
    const agent = manifest.operations.find((op) => op.name === 'Agent');
    expect(agent).toMatchObject({ type: 'query', body: readFileSync(join(OPERATIONS, 'Agent.graphql'), 'utf8') });
    expect(agent?.id).toBe(documentHash(agent?.body ?? ''));
  });

  it('rejects a file that does not validate against the schema, naming the file and the mistake, and writes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'c360-ops-'));
    cpSync(OPERATIONS, dir, { recursive: true });
    writeFileSync(join(dir, 'Broken.graphql'), 'query Broken {\n  customers(first: 1) { edges { node { shoeSize } } }\n}\n');
    const out = join(dir, 'manifest.json');
    const run = await command('--from', dir, '--out', out);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(dir, 'Broken.graphql')}: Cannot query field "shoeSize" on type "Customer". (2:40)`);
    expect(existsSync(out)).toBe(false);
  });

  it('says what is missing when called without --from or --out', async () => {
    const run = await command('--out', join(tmpdir(), 'never.json'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--from is missing; usage: trusted-documents --from FOLDER --out FILE');
  });
});

describe('buildTrustedManifest', () => {
  it('rejects a syntax error, an anonymous operation, two operations in a file and a name used twice, each naming the file', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ 'A.graphql': 'query A { customers(first: 1) {' }, /A\.graphql: Syntax Error: Expected Name, found <EOF>\. \(1:32\)/],
      [{ 'A.graphql': '{ customers(first: 1) { edges { cursor } } }' }, /A\.graphql: the operation has no name/],
      [{ 'A.graphql': 'query A { __typename }\nquery B { __typename }' }, /A\.graphql: a persisted operation holds exactly one operation .*found 2/],
      [{ 'A.graphql': 'query Same { __typename }', 'B.graphql': 'query Same { __typename }\n' }, /B\.graphql: operation Same is also in .*A\.graphql/],
    ];
    for (const [files, error] of cases) expect(() => buildTrustedManifest(folderOf(files), schema)).toThrow(error);
  });
});

describe('readTrustedManifest (TRUSTED_DOCUMENTS at start-up)', () => {
  const write = (manifest: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'c360-manifest-')), 'manifest.json');
    writeFileSync(file, typeof manifest === 'string' ? manifest : JSON.stringify(manifest));
    return file;
  };
  const good = buildTrustedManifest(OPERATIONS, schema);

  it('reads a manifest the command wrote', () => {
    expect(readTrustedManifest(write(good), schema)).toEqual(good);
  });

  it('refuses a file that is no manifest, an id that is not its body\'s hash, and a body the schema no longer accepts, naming file and entry', () => {
    expect(() => readTrustedManifest(write('{'), schema)).toThrow(/TRUSTED_DOCUMENTS .*manifest\.json cannot be read as JSON/);
    expect(() => readTrustedManifest(write({ operations: [] }), schema)).toThrow(/is not a persisted query manifest .*format/);
    const [first, ...rest] = good.operations;
    const tampered = { ...good, operations: [{ ...first, body: `${first?.body ?? ''} ` }, ...rest] };
    expect(() => readTrustedManifest(write(tampered), schema)).toThrow(/operations\.0 \(Agent\): id is not the SHA-256 of body/);
    const body = 'query Gone { customers(first: 1) { removedField } }';
    const stale = { ...good, operations: [...good.operations, { id: documentHash(body), name: 'Gone', type: 'query', body }] };
    expect(() => readTrustedManifest(write(stale), schema)).toThrow(/operations\.4 \(Gone\) no longer validates against the schema: Cannot query field "removedField"/);
  });
});
