// Validates requests and responses against Codat's OpenAPI description (an OpenAPI 3.1 document,
// so JSON Schema 2020-12 with ajv). Load-once; use `specMissing` to skip when the file is absent.
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

let state: { ajv: Ajv2020; doc: Json; operations: Map<string, OperationInfo> } | undefined;

function load() {
  if (state) return state;
  const doc = rewriteNullable(structuredClone(loadSpec()));
  correctSlips(doc);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc, DOC_ID);
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

/** Follows a local `$ref` (`#/...`) in the (nullable-rewritten) description. */
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

const validators = new Map<string, ValidateFunction>();

/** A validator for a schema object from the description, with its refs resolved inside the document. */
function validatorFor(cacheKey: string, schema: Json): ValidateFunction {
  let validate = validators.get(cacheKey);
  if (!validate) {
    const { ajv } = load();
    // Local refs in a schema taken out of the document must point into the document.
    const rebased = JSON.parse(JSON.stringify(schema), (key, value) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${DOC_ID}${value}` : value,
    );
    validate = ajv.compile(rebased);
    validators.set(cacheKey, validate);
  }
  return validate;
}

function explain(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`,
  );
}

/** The operation with this `operationId` (method, path template and definition); throws if unknown. */
export function operation(operationId: string): OperationInfo {
  const found = load().operations.get(operationId);
  if (!found) throw new Error(`Codat's description has no operation "${operationId}"`);
  return found;
}

/** Whether the operation declares a response for this status. */
export function declaresStatus(operationId: string, status: number): boolean {
  const responses = operation(operationId).operation.responses ?? {};
  return String(status) in responses;
}

/**
 * Validates a response body against the schema the operation declares for `status`. A status the
 * operation does not declare is reported with `declared: false`; its body is then checked against
 * Codat's `ErrorMessage` when it is an error. Pass `undefined` for an empty body.
 */
export function validateResponse(operationId: string, status: number, body: unknown): Validation {
  const { operation: definition } = operation(operationId);
  const declaredResponse = definition.responses?.[String(status)];
  const response = deref(declaredResponse ?? definition.responses?.default);
  const declared = declaredResponse !== undefined;
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) {
    if (!response && status >= 400) {
      const validate = validatorFor('#/components/schemas/ErrorMessage', { $ref: '#/components/schemas/ErrorMessage' });
      const valid = validate(body) as boolean;
      return { valid, declared, errors: valid ? [] : explain(validate) };
    }
    const empty = body === undefined || body === null || body === '';
    return { valid: empty, declared, errors: empty ? [] : [`${operationId} ${status} declares no body, but one was sent`] };
  }
  const validate = validatorFor(`${operationId} ${status}`, schema);
  const valid = validate(body) as boolean;
  return { valid, declared, errors: valid ? [] : explain(validate) };
}

/** Validates a value against one schema of the description, e.g. `#/components/schemas/ErrorMessage`. */
export function validateSchema(pointer: string, value: unknown): Validation {
  const validate = validatorFor(pointer, { $ref: pointer });
  const valid = validate(value) as boolean;
  return { valid, declared: true, errors: valid ? [] : explain(validate) };
}

/** Parameters of an operation (path-level and operation-level), with `$ref`s resolved. */
function parametersOf(info: OperationInfo): Json[] {
  return [...(info.operation.pathParameters ?? []), ...(info.operation.parameters ?? [])].map(deref);
}

/** A query or path value arrives as text: read it as the parameter's schema type before validating. */
function coerce(value: unknown, schema: Json): unknown {
  const type = deref(schema)?.type;
  const types = Array.isArray(type) ? type : [type];
  if (typeof value === 'string' && (types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (typeof value === 'string' && types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/**
 * Validates a request: `params` holds path and query parameters by name (as sent, strings or
 * numbers), `body` the JSON body. Unknown parameters, missing required ones, invalid values and
 * an invalid body are errors. `declared` is false when a parameter is not in the description.
 */
export function validateRequest(operationId: string, request: { params?: Record<string, unknown>; body?: unknown }): Validation {
  const info = operation(operationId);
  const parameters = parametersOf(info);
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
    if (!validate(coerce(value, parameter.schema))) errors.push(...explain(validate).map((line) => `${parameter.in} parameter "${parameter.name}": ${line}`));
  }
  for (const name of templateNames) {
    if (params[name] === undefined) errors.push(`path parameter "${name}" is missing`);
  }
  const requestBody = deref(info.operation.requestBody);
  const bodySchema = requestBody?.content?.['application/json']?.schema;
  if (request.body !== undefined) {
    if (!bodySchema) {
      errors.push(`${operationId} takes no JSON body`);
    } else {
      const validate = validatorFor(`${operationId} body`, bodySchema);
      if (!validate(request.body)) errors.push(...explain(validate).map((line) => `body: ${line}`));
    }
  } else if (requestBody?.required) {
    errors.push(`${operationId} requires a body`);
  }
  return { valid: errors.length === 0, declared, errors };
}
