import { CodatError } from './errors.js';

export interface PageRequest {
  page: number;
  pageSize: number;
  query?: string;
  orderBy?: string;
}

export interface Page<T> {
  results: T[];
  pageNumber: number;
  pageSize: number;
  totalResults: number;
  _links: { self: { href: string }; current: { href: string }; next?: { href: string }; previous?: { href: string } };
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 5000;

function integerParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    throw new CodatError(400, `Error processing request - ${name} must be an integer from ${min} to ${max}.`);
  }
  return value;
}

/** Reads `page`, `pageSize`, `query` and `orderBy`; out-of-range values answer 400 as Codat does. */
export function readPageRequest(params: URLSearchParams): PageRequest {
  const request: PageRequest = {
    page: integerParam(params, 'page', 1, 1, 999_999_999),
    pageSize: integerParam(params, 'pageSize', DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE),
  };
  const query = params.get('query');
  const orderBy = params.get('orderBy');
  if (query !== null && query !== '') request.query = query;
  if (orderBy !== null && orderBy !== '') request.orderBy = orderBy;
  return request;
}

/**
 * One page of `items`, with Codat's HAL links: `self` is the collection path, `current`, `next` and
 * `previous` add `page` and `pageSize` (and the request's `query` and `orderBy`). The hrefs are
 * relative to the API root, as Codat's are.
 */
export function paginate<T>(items: T[], request: PageRequest, path: string): Page<T> {
  const { page, pageSize } = request;
  const start = (page - 1) * pageSize;
  const href = (number: number) => {
    const params = new URLSearchParams({ page: String(number), pageSize: String(pageSize) });
    if (request.query !== undefined) params.set('query', request.query);
    if (request.orderBy !== undefined) params.set('orderBy', request.orderBy);
    return { href: `${path}?${params}` };
  };
  return {
    results: items.slice(start, start + pageSize),
    pageNumber: page,
    pageSize,
    totalResults: items.length,
    _links: {
      self: { href: path },
      current: href(page),
      ...(start + pageSize < items.length ? { next: href(page + 1) } : {}),
      ...(page > 1 ? { previous: href(page - 1) } : {}),
    },
  };
}
