import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** One relative import of one file, resolved to the file it names. */
export interface ImportEdge {
  from: string;
  to: string;
  /** `import type` / `export type`: erased at run time, still a dependency of the design. */
  typeOnly: boolean;
}

/** Every TypeScript file below the roots and the relative imports between them (paths relative to `cwd`, `/`-separated). */
export interface ImportGraph {
  files: string[];
  edges: ImportEdge[];
}

/** Folders whose files the graph covers. */
export const GRAPH_ROOTS = ['src', 'connectors', 'test', 'bench', 'scripts'] as const;

// The generated resolver types import the model for their mappers; codegen writes them, so they are not design.
const GENERATED = /^src\/resolvers\/generated\//;

const posix = (path: string) => path.split(sep).join('/');

function listTs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listTs(path);
    return /\.(ts|mts|tsx)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveSpecifier(fromFile: string, specifier: string): string | null {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, join(base, 'index.ts'), base];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile() && /\.tsx?$/.test(c)) ?? null;
}

/** Whether an import or re-export declaration is type-only as a whole. */
function typeOnlySpecifiers(source: ts.SourceFile): Map<string, boolean> {
  const only = new Map<string, boolean>();
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      const clause = statement.importClause;
      typeOnly = !!clause && (clause.isTypeOnly
        || (!clause.name && !!clause.namedBindings && ts.isNamedImports(clause.namedBindings)
          && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
    } else if (ts.isExportDeclaration(statement)) {
      specifier = statement.moduleSpecifier;
      typeOnly = statement.isTypeOnly
        || (!!statement.exportClause && ts.isNamedExports(statement.exportClause)
          && statement.exportClause.elements.length > 0 && statement.exportClause.elements.every((e) => e.isTypeOnly));
    }
    if (specifier && ts.isStringLiteral(specifier)) only.set(specifier.text, (only.get(specifier.text) ?? true) && typeOnly);
  }
  return only;
}

/** Reads the import graph of the project at `cwd`: static imports, re-exports and dynamic `import()`, type-only included. */
export function readImportGraph(cwd: string): ImportGraph {
  const files = GRAPH_ROOTS.flatMap((root) => listTs(join(cwd, root)));
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const from = posix(relative(cwd, file));
    if (GENERATED.test(from)) continue;
    const text = readFileSync(file, 'utf8');
    const typeOnly = typeOnlySpecifiers(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false));
    for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const target = resolveSpecifier(file, imported.fileName);
      if (target) edges.push({ from, to: posix(relative(cwd, target)), typeOnly: typeOnly.get(imported.fileName) ?? false });
    }
  }
  return { files: files.map((f) => posix(relative(cwd, f))), edges };
}

/** The strongly connected components with more than one node (or a self-loop): the cycles of a directed graph. */
export function cyclesOf(nodes: readonly string[], edges: ReadonlyArray<readonly [string, string]>): string[][] {
  const next = new Map<string, string[]>(nodes.map((n) => [n, []]));
  for (const [a, b] of edges) next.get(a)?.push(b);
  // Tarjan's algorithm, iterative so deep graphs cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
    index.set(start, counter); low.set(start, counter); counter += 1; stack.push(start); onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; i: number };
      const out = next.get(frame.node) ?? [];
      if (frame.i < out.length) {
        const to = out[frame.i] as string;
        frame.i += 1;
        if (!index.has(to)) {
          index.set(to, counter); low.set(to, counter); counter += 1; stack.push(to); onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && out.includes(frame.node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components;
}
