import { CodatError } from './errors.js';

/** How a field of a listed resource is compared. */
export type FieldKind = 'string' | 'date' | 'number' | 'boolean';

/** The queryable fields of a resource, and how to read each from an item. */
export type FieldTable<T> = Record<string, { kind: FieldKind; read: (item: T) => string | number | boolean | undefined }>;

type Operator = '=' | '!=' | '~' | '>' | '<' | '>=' | '<=';
type Node = { kind: 'clause'; field: string; operator: Operator; value: string } | { kind: 'and' | 'or'; left: Node; right: Node };

/** Codat's own limit on a query's length. */
const MAX_QUERY_LENGTH = 2048;
const operators: Operator[] = ['!=', '>=', '<=', '=', '~', '>', '<'];

/** The Codat service that answers for a resource's queries: `ClientsApi` for most, `PullApi` for datasets. */
const DEFAULT_SERVICE = 'ClientsApi';

function malformed(detail: string, service: string): CodatError {
  return new CodatError(400, `Error parsing query - Malformed query. ${detail}`, service);
}

/**
 * Parses Codat's query language: `field op value` clauses (`=`, `!=`, `~`, `>`, `<`, `>=`, `<=`)
 * joined by `&&` and `||` (`&&` binds tighter), grouped with `{ }`.
 */
function parse(query: string, service: string): Node {
  let position = 0;
  const skipSpace = () => {
    while (query[position] === ' ') position += 1;
  };
  /** Operands joined by `operator`, grouped from the left. */
  const joined = (operator: '||' | '&&', kind: 'or' | 'and', operand: () => Node) => (): Node => {
    let node = operand();
    skipSpace();
    while (query.startsWith(operator, position)) {
      position += operator.length;
      node = { kind, left: node, right: operand() };
      skipSpace();
    }
    return node;
  };
  const expression = joined('||', 'or', () => conjunction());
  const conjunction = joined('&&', 'and', () => term());
  const term = (): Node => {
    skipSpace();
    if (query[position] === '{') {
      position += 1;
      const node = expression();
      skipSpace();
      if (query[position] !== '}') throw malformed(`Expected "}" at position ${position}.`, service);
      position += 1;
      return node;
    }
    return clause();
  };
  const clause = (): Node => {
    const field = /^[A-Za-z_][\w.]*/.exec(query.slice(position))?.[0];
    if (!field) throw malformed(`Expected a property name at position ${position}.`, service);
    position += field.length;
    skipSpace();
    const operator = operators.find((candidate) => query.startsWith(candidate, position));
    if (!operator) throw malformed(`Expected an operator after ${field}.`, service);
    position += operator.length;
    let end = position;
    while (end < query.length && !query.startsWith('&&', end) && !query.startsWith('||', end) && query[end] !== '}') end += 1;
    const value = query.slice(position, end).trim();
    if (value === '' || /[{=<>~!]/.test(value)) throw malformed(`Expected a value after ${field}${operator}.`, service);
    position = end;
    return { kind: 'clause', field, operator, value };
  };

  if (query.length > MAX_QUERY_LENGTH) throw malformed(`Queries are limited to ${MAX_QUERY_LENGTH} characters.`, service);
  const node = expression();
  skipSpace();
  if (position !== query.length) throw malformed(`Unexpected "${query[position]}" at position ${position}.`, service);
  return node;
}

const stringOperators = new Set<Operator>(['=', '!=', '~']);
const orderedOperators = new Set<Operator>(['=', '!=', '>', '<', '>=', '<=']);
const equalityOperators = new Set<Operator>(['=', '!=']);

function compare(operator: Operator, difference: number): boolean {
  switch (operator) {
    case '=':
      return difference === 0;
    case '!=':
      return difference !== 0;
    case '>':
      return difference > 0;
    case '<':
      return difference < 0;
    case '>=':
      return difference >= 0;
    case '<=':
      return difference <= 0;
    default:
      return false;
  }
}

type Predicate<T> = (item: T) => boolean;

/** Checks a clause against the resource's fields once, and returns how to test an item. */
function compileClause<T>(node: Extract<Node, { kind: 'clause' }>, fields: FieldTable<T>, resource: string, service: string): Predicate<T> {
  const field = fields[node.field];
  if (!field) throw new CodatError(400, `Error parsing query - Could not resolve property ${node.field} on ${resource}`, service);
  const { operator, value } = node;
  const unsupported = () => new CodatError(400, `Error parsing query - Operator ${operator} is not supported for ${node.field}`, service);
  switch (field.kind) {
    case 'string': {
      if (!stringOperators.has(operator)) throw unsupported();
      const wanted = value.toLowerCase();
      return (item) => {
        const actual = field.read(item);
        if (actual === undefined) return operator === '!=';
        const text = String(actual).toLowerCase();
        return operator === '~' ? text.includes(wanted) : compare(operator, text === wanted ? 0 : 1);
      };
    }
    case 'date':
    case 'number': {
      if (!orderedOperators.has(operator)) throw unsupported();
      const wanted = field.kind === 'date' ? Date.parse(value) : Number(value);
      if (Number.isNaN(wanted)) throw malformed(`${value} is not a valid ${field.kind} for ${node.field}.`, service);
      return (item) => {
        const actual = field.read(item);
        if (actual === undefined) return operator === '!=';
        const number = field.kind === 'date' ? Date.parse(String(actual)) : Number(actual);
        return compare(operator, number - wanted);
      };
    }
    case 'boolean': {
      if (!equalityOperators.has(operator)) throw unsupported();
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw malformed(`${value} is not a valid boolean for ${node.field}.`, service);
      return (item) => compare(operator, field.read(item) === (lower === 'true') ? 0 : 1);
    }
  }
}

function compile<T>(node: Node, fields: FieldTable<T>, resource: string, service: string): Predicate<T> {
  if (node.kind === 'clause') return compileClause(node, fields, resource, service);
  const left = compile(node.left, fields, resource, service);
  const right = compile(node.right, fields, resource, service);
  return node.kind === 'and' ? (item) => left(item) && right(item) : (item) => left(item) || right(item);
}

/** Compiles a Codat query for a resource; a malformed query or an unknown field throws a 400. */
export function compileQuery<T>(query: string, fields: FieldTable<T>, resource: string, service = DEFAULT_SERVICE): Predicate<T> {
  return compile(parse(query, service), fields, resource, service);
}

/** A comparator for Codat's `orderBy` (a field name, `-` first for descending); unknown fields throw a 400. */
export function compileOrderBy<T>(orderBy: string, fields: FieldTable<T>, resource: string, service = DEFAULT_SERVICE): (a: T, b: T) => number {
  const descending = orderBy.startsWith('-');
  const name = descending ? orderBy.slice(1) : orderBy;
  const field = fields[name];
  if (!field) throw new CodatError(400, `Error parsing orderBy - Could not resolve property ${name} on ${resource}`, service);
  const key = (item: T): number | string => {
    const value = field.read(item);
    if (value === undefined) return '';
    if (field.kind === 'date') return Date.parse(String(value));
    if (field.kind === 'number') return Number(value);
    if (field.kind === 'boolean') return value ? 1 : 0;
    return String(value).toLowerCase();
  };
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    // Missing values sort first ascending, last descending.
    const order = x === y ? 0 : x === '' ? -1 : y === '' ? 1 : x < y ? -1 : 1;
    return descending ? -order : order;
  };
}

/** Filters with `query` and sorts with `orderBy` (stable; catalogue or creation order otherwise). */
export function select<T>(items: T[], fields: FieldTable<T>, resource: string, request: { query?: string; orderBy?: string }, service = DEFAULT_SERVICE): T[] {
  const keep = request.query === undefined ? undefined : compileQuery(request.query, fields, resource, service);
  const order = request.orderBy === undefined ? undefined : compileOrderBy(request.orderBy, fields, resource, service);
  const selected = keep ? items.filter(keep) : [...items];
  return order ? selected.sort(order) : selected;
}
