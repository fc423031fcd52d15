import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats));

/** Validates bodies against the `components.schemas` of a vendor's OpenAPI 3.0 excerpt (JSON or YAML). */
export interface OpenApiValidator {
  /** Returns the list of problems; empty when `body` conforms to `schemaName`. */
  problems(schemaName: string, body: unknown): string[];
}

/** Drops `nullable` where no `type` sits beside it: vendors put it next to `$ref`, which OpenAPI 3.0 ignores and ajv rejects. */
function withoutRefNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRefNullable);
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node).filter(([key]) => key !== 'nullable' || 'type' in node);
  return Object.fromEntries(entries.map(([key, value]) => [key, withoutRefNullable(value)]));
}

/** Loads an OpenAPI excerpt from a fixture file (left as the vendor wrote it) and compiles validators on demand. */
export function loadOpenApi(path: string): OpenApiValidator {
  const text = readFileSync(path, 'utf8');
  const doc = (path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as { components: unknown };
  // OpenAPI 3.0 schemas carry `nullable`, `example` and `x-*` keywords that JSON Schema does not know.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  // Zendesk's excerpt names a `datetime` format that is not JSON Schema's `date-time`; accept it as text.
  ajv.addFormat('datetime', true);
  ajv.addSchema({ $id: 'spec', components: withoutRefNullable(doc.components) });
  const cache = new Map<string, ValidateFunction>();
  return {
    problems(schemaName, body) {
      let validate = cache.get(schemaName);
      if (!validate) {
        validate = ajv.compile({ $ref: `spec#/components/schemas/${schemaName}` });
        cache.set(schemaName, validate);
      }
      return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
    },
  };
}
