// Validates requests and responses against an OpenAPI 3.1 document (JSON Schema 2020-12, with ajv):
// Codat's description below (use `specMissing` to skip when the file is absent), and the dataholder
// contract in test/helpers/dataholder-contract.ts.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { loadSpec, specMissing, specPath, type Json } from './spec.js';

export { specMissing, specPath };

export interface Validation {
  valid: boolean;
  /** Whether the description declares this status (responses) or these parameters (requests). */
  declared: boolean;
  /** Readable problems, empty when valid. */
  errors: string[];
}

export interface OperationInfo {
  method: string;
  /** The path template, e.g. `/companies/{companyId}/connections`. */
  path: string;
  operation: Json;
}

/** The description is added to ajv under this id; refs into it read `${DOC_ID}#/components/...`. */
const DOC_ID = 'https://codat.io/openapi/Codat-Platform.json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => void;

/**
 * `nullable: true` is OpenAPI 3.0; Codat's 3.1 document still uses it. Rewrite it into JSON
 * Schema: a type union, or `anyOf` with null where the schema is a `$ref` or a composition.
 */
function rewriteNullable(node: Json): Json {
  if (Array.isArray(node)) return node.map(rewriteNullable);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'nullable') out[key] = rewriteNullable(value);
  if (node.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  if (Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/** Slips in the description itself (SOURCE.md lists most of them), corrected so that they do not fail valid data. */
function correctSlips(doc: Json): void {
  const feature = doc.components?.schemas?.Integration?.definitions?.dataTypeFeature;
  // `dataType` is the declared property, but `datatype` is listed as required: accept either.
  if (feature?.required?.includes('datatype')) {
    feature.required = feature.required.filter((name: string) => name !== 'datatype');
    feature.anyOf = [{ required: ['datatype'] }, { required: ['dataType'] }];
  }
  // The `pageSize` parameter allows up to 5000, but a page reporting more than 2000 would fail
  // `PagingInfo.pageSize`: a page answers with the size it was asked for, so allow the same 5000.
  const pageSize = doc.components?.schemas?.PagingInfo?.properties?.pageSize;
  const requestedMaximum = doc.components?.parameters?.pageSize?.schema?.maximum;
  if (pageSize && typeof requestedMaximum === 'number' && pageSize.maximum < requestedMaximum) pageSize.maximum = requestedMaximum;
}

/** The checks below, for one OpenAPI document. */
export interface OpenApi {
  /** The operation with this `operationId` (method, path template and definition); throws if unknown. */
  operation(operationId: string): OperationInfo;
  /** Every operation's id. */
  operationIds(): string[];
  /** The operation a request is for, by its method and path (below the server's URL), with the path's parameters. */
  match(method: string, path: string): { operationId: string; params: Record<string, string> } | undefined;
  /** Whether the operation declares a response for this status. */
  declaresStatus(operationId: string, status: number): boolean;
  /**
   * Validates a response body against the schema the operation declares for `status` (else its
   * `default`). A status the operation does not declare is reported with `declared: false`; its body
   * is then checked against the document's error schema when it is an error. `undefined`: no body.
   */
  validateResponse(operationId: string, status: number, body: unknown): Validation;
  /** Validates a value against one schema of the description, e.g. `#/components/schemas/ErrorMessage`. */
  validateSchema(pointer: string, value: unknown): Validation;
  /**
   * Validates a request: `params` holds path and query parameters by name (as sent, strings or
   * numbers), `body` the JSON (or form) body. Unknown parameters, missing required ones, invalid
   * values and an invalid body are errors. `declared` is false when a parameter is not in the description.
   */
  validateRequest(operationId: string, request: { params?: Record<string, unknown>; body?: unknown }): Validation;
}

export interface OpenApiSource {
  /** The id ajv knows the document by; refs into it read `${id}#/components/...`. */
  id: string;
  load: () => Json;
  /** Corrections applied to a copy of the document before it is compiled. */
  prepare?: (doc: Json) => Json;
  /** The schema of an error body, for statuses the operation does not declare. */
  errorSchema: string;
}

/** Validators for one OpenAPI 3.1 document, compiled lazily and once. */
export function openApi(source: OpenApiSource): OpenApi {
  let state: { ajv: Ajv2020; doc: Json; operations: Map<string, OperationInfo> } | undefined;
  const validators = new Map<string, ValidateFunction>();

  function load() {
    if (state) return state;
    const doc = (source.prepare ?? ((value: Json) => value))(structuredClone(source.load()));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(ajv);
    ajv.addSchema(doc, source.id);
    const operations = new Map<string, OperationInfo>();
    for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
      for (const method of METHODS) {
        const operation = item[method];
        if (operation?.operationId)
          operations.set(operation.operationId, { method: method.toUpperCase(), path, operation: { ...operation, pathParameters: item.parameters ?? [] } });
      }
    }
    state = { ajv, doc, operations };
    return state;
  }

  /** Follows a local `$ref` (`#/...`) in the (prepared) description. */
  function deref(node: Json): Json {
    let current = node;
    for (let hops = 0; current?.$ref && hops < 20; hops += 1) {
      current = String(current.$ref)
        .replace(/^#\//, '')
        .split('/')
        .map((part) => decodeURIComponent(part.replace(/~1/g, '/').replace(/~0/g, '~')))
        .reduce((value: Json, key) => value?.[key], load().doc);
    }
    return current;
  }

  /** A validator for a schema object from the description, with its refs resolved inside the document. */
  function validatorFor(cacheKey: string, schema: Json): ValidateFunction {
    let validate = validators.get(cacheKey);
    if (!validate) {
      const { ajv } = load();
      // Local refs in a schema taken out of the document must point into the document.
      const rebased = JSON.parse(JSON.stringify(schema), (key, value) =>
        key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${source.id}${value}` : value,
      );
      validate = ajv.compile(rebased);
      validators.set(cacheKey, validate);
    }
    return validate;
  }

  function operation(operationId: string): OperationInfo {
    const found = load().operations.get(operationId);
    if (!found) throw new Error(`${source.id} has no operation "${operationId}"`);
    return found;
  }

  function validateSchema(pointer: string, value: unknown): Validation {
    const validate = validatorFor(pointer, { $ref: pointer });
    const valid = validate(value) as boolean;
    return { valid, declared: true, errors: valid ? [] : explain(validate) };
  }

  return {
    operation,
    operationIds: () => [...load().operations.keys()],
    match(method, path) {
      for (const [operationId, info] of load().operations) {
        if (info.method !== method.toUpperCase()) continue;
        const names: string[] = [];
        const pattern = info.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
        const found = new RegExp(`^${pattern}$`).exec(path);
        if (found) return { operationId, params: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(found[index + 1]!)])) };
      }
      return undefined;
    },
    declaresStatus: (operationId, status) => String(status) in (operation(operationId).operation.responses ?? {}),
    validateResponse(operationId, status, body) {
      const { operation: definition } = operation(operationId);
      const declaredResponse = definition.responses?.[String(status)];
      const response = deref(declaredResponse ?? definition.responses?.default);
      const declared = declaredResponse !== undefined;
      const schema = contentSchema(response);
      if (!schema) {
        if (!response && status >= 400) return { ...validateSchema(source.errorSchema, body), declared };
        const empty = body === undefined || body === null || body === '';
        return { valid: empty, declared, errors: empty ? [] : [`${operationId} ${status} declares no body, but one was sent`] };
      }
      const validate = validatorFor(`${operationId} ${status}`, schema);
      const valid = validate(body) as boolean;
      return { valid, declared, errors: valid ? [] : explain(validate) };
    },
    validateSchema,
    validateRequest(operationId, request) {
      const info = operation(operationId);
      const parameters = [...(info.operation.pathParameters ?? []), ...(info.operation.parameters ?? [])]
        .map(deref)
        .filter((parameter) => parameter.in !== 'header');
      const errors: string[] = [];
      let declared = true;
      const params = Object.fromEntries(Object.entries(request.params ?? {}).filter(([, value]) => value !== undefined));
      // Path parameters the description forgot to declare (e.g. get-integration's platformKey) still name a template part.
      const templateNames = [...info.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
      for (const name of Object.keys(params)) {
        if (!parameters.some((parameter) => parameter.name === name) && !templateNames.includes(name)) {
          declared = false;
          errors.push(`parameter "${name}" is not declared for ${operationId}`);
        }
      }
      for (const parameter of parameters) {
        const value = params[parameter.name];
        if (value === undefined) {
          if (parameter.required) errors.push(`required ${parameter.in} parameter "${parameter.name}" is missing`);
          continue;
        }
        if (!parameter.schema) continue;
        const validate = validatorFor(`${operationId} param ${parameter.in} ${parameter.name}`, parameter.schema);
        if (!validate(coerce(value, deref(parameter.schema))))
          errors.push(...explain(validate).map((line) => `${parameter.in} parameter "${parameter.name}": ${line}`));
      }
      for (const name of templateNames) {
        if (params[name] === undefined) errors.push(`path parameter "${name}" is missing`);
      }
      const requestBody = deref(info.operation.requestBody);
      const bodySchema = contentSchema(requestBody);
      if (request.body !== undefined) {
        if (!bodySchema) {
          errors.push(`${operationId} takes no body`);
        } else {
          const validate = validatorFor(`${operationId} body`, bodySchema);
          if (!validate(request.body)) errors.push(...explain(validate).map((line) => `body: ${line}`));
        }
      } else if (requestBody?.required) {
        errors.push(`${operationId} requires a body`);
      }
      return { valid: errors.length === 0, declared, errors };
    },
  };
}

/** The schema of a response's or request body's content: JSON where it offers JSON, else its one content type. */
function contentSchema(node: Json): Json {
  const content = node?.content ?? {};
  return (content['application/json'] ?? Object.values<Json>(content)[0])?.schema;
}

function explain(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`,
  );
}

/** A query or path value arrives as text: read it as the parameter's (dereferenced) schema type before validating. */
function coerce(value: unknown, schema: Json): unknown {
  const type = schema?.type;
  const types = Array.isArray(type) ? type : [type];
  if (typeof value === 'string' && (types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (typeof value === 'string' && types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** Codat's description, with its `nullable`s rewritten and its slips corrected. */
const codat = openApi({
  id: DOC_ID,
  load: loadSpec,
  prepare: (doc) => {
    const rewritten = rewriteNullable(doc);
    correctSlips(rewritten);
    return rewritten;
  },
  errorSchema: '#/components/schemas/ErrorMessage',
});

export const { operation, declaresStatus, validateResponse, validateSchema, validateRequest } = codat;
