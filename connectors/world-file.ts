import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { WORLD_FILE_SETTING, WorldFileError, type World } from './sandbox-kit/index.js';
import { worldSchema } from './world-schema.js';
import { referenceIssues } from './world-references.js';
import { jsonSyntaxErrorAt } from './json-syntax-error.js';

/** `hubspot.contacts[3].email`: a zod path as a JSON path. */
function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '') || '(the whole file)';
}

function messageOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}: remove ${issue.keys.length === 1 ? 'it' : 'them'} (README, "World files", lists the fields)`;
  // zod's own wording for a missing object or list ("expected object, received undefined").
  const missing = /^Invalid input: expected (\w+), received undefined$/.exec(issue.message);
  if (missing) return `missing: add ${missing[1] === 'array' ? 'a list' : `an ${missing[1]}`}`;
  return issue.message;
}

/** Parses a world file's text: its JSON, its structure (`worldSchema`) and the references between its records. */
export function parseWorldFile(text: string): World {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the fault: only where it is goes into the error.
    const { line, column } = jsonSyntaxErrorAt(text);
    throw new WorldFileError([{ path: `line ${line} column ${column}`, message: 'not valid JSON: fix the syntax there (a world file is one JSON object)' }]);
  }
  const parsed = worldSchema.safeParse(json);
  const issues = [...(parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), message: messageOf(issue) }))), ...referenceIssues(json)];
  if (!parsed.success || issues.length > 0) throw new WorldFileError(issues);
  return parsed.data;
}

/** Reads and checks the world file at `path` (SANDBOX_WORLD_FILE); a WorldFileError names every problem. */
export function loadWorldFile(path: string): World {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new WorldFileError([{ path: '(the file)', message: `cannot be read (${reason}): set ${WORLD_FILE_SETTING} to the path of a readable JSON file, e.g. one \`npm run sandbox -- --export-world FILE\` wrote` }]);
  }
  return parseWorldFile(text);
}

/**
 * Writes a world in the world-file format, which `loadWorldFile` reads back as the same world: one record a line
 * (so a line number in an error is a record, and a diff shows records), written in chunks, never as one string.
 */
export function writeWorldFile(path: string, world: World): void {
  const fd = openSync(path, 'w');
  try {
    let chunk = '';
    const emit = (text: string) => {
      chunk += text;
      if (chunk.length >= 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    };
    const value = (of: unknown, indent: string): void => {
      if (Array.isArray(of)) {
        emit(of.length === 0 ? '[]' : '[\n');
        of.forEach((record: unknown, i) => emit(`${indent} ${JSON.stringify(record)}${i < of.length - 1 ? ',' : ''}\n`));
        if (of.length > 0) emit(`${indent}]`);
      } else if (typeof of === 'object' && of !== null) {
        const entries = Object.entries(of);
        emit('{\n');
        entries.forEach(([key, inner], i) => {
          emit(`${indent} ${JSON.stringify(key)}: `);
          value(inner, `${indent} `);
          emit(i < entries.length - 1 ? ',\n' : '\n');
        });
        emit(`${indent}}`);
      } else {
        emit(JSON.stringify(of));
      }
    };
    value(world, '');
    emit('\n');
    writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
}
