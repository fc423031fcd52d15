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

/** Loads an OpenAPI excerpt from a fixture file and compiles validators for its schemas on demand. */
export function loadOpenApi(path: string): OpenApiValidator {
  const text = readFileSync(path, 'utf8');
  const doc = (path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as { components: unknown };
  // OpenAPI 3.0 schemas carry `nullable`, `example` and `x-*` keywords that JSON Schema does not know.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'spec', components: doc.components });
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
