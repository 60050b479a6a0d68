import {
  DATAHOLDER_METRICS,
  type Dataholder,
  type DataholderConnection,
  type DataholderMetric,
  type DatasetReadState,
  type PlatformConsent,
} from '@codat-connections/core/dataholder/contract';

/**
 * The platform's answers, checked once where they arrive. Each parser answers a copy holding only
 * the contract's fields, or `undefined` for anything else: what reaches the browser is what the
 * contract names, never whatever else an answer carried.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string';
const isTextOrNull = (value: unknown): value is string | null => value === null || isText(value);
const isTextListOrNull = (value: unknown): value is string[] | null => value === null || (Array.isArray(value) && value.every(isText));
const isMetric = (value: unknown): value is DataholderMetric => (DATAHOLDER_METRICS as readonly unknown[]).includes(value);
const isMetricListOrNull = (value: unknown): value is DataholderMetric[] | null => value === null || (Array.isArray(value) && value.every(isMetric));

export function parseDataholder(value: unknown): Dataholder | undefined {
  if (!isObject(value) || !isText(value['id']) || !isText(value['name'])) return undefined;
  const { id, name, logoUrl } = value;
  if (logoUrl === undefined) return { id, name };
  return isText(logoUrl) ? { id, name, logoUrl } : undefined;
}

function parseDatasetState(value: unknown): DatasetReadState | undefined {
  if (!isObject(value)) return undefined;
  const { status, referenceId, lastSuccess, lastUpdated } = value;
  if (!isText(status) || !isText(referenceId) || !isTextOrNull(lastSuccess) || !isTextOrNull(lastUpdated)) return undefined;
  return { status, referenceId, lastSuccess, lastUpdated };
}

export function parseConnection(value: unknown): DataholderConnection | undefined {
  if (!isObject(value) || !isObject(value['connectionState'])) return undefined;
  const { id, app, dataholder, user, scopes, metrics, status } = value;
  if (!isText(id) || !isText(app) || !isText(dataholder) || !isText(user) || !isText(status)) return undefined;
  if (!isTextListOrNull(scopes) || !isMetricListOrNull(metrics)) return undefined;
  const state = value['connectionState'];
  if (!isText(state['status']) || !isTextOrNull(state['connectedAt']) || !isTextOrNull(state['disconnectedAt'])) return undefined;
  const connectionState: DataholderConnection['connectionState'] = {
    status: state['status'],
    connectedAt: state['connectedAt'],
    disconnectedAt: state['disconnectedAt'],
  };
  for (const metric of DATAHOLDER_METRICS) {
    if (state[metric] === undefined) continue;
    const dataset = parseDatasetState(state[metric]);
    if (!dataset) return undefined;
    connectionState[metric] = dataset;
  }
  return { id, app, dataholder, user, scopes: scopes && [...scopes], metrics: metrics && [...metrics], status, connectionState };
}

/** `{ [key]: T[] }` with every item parsed, or `undefined`. */
export function parseList<T>(value: unknown, key: string, parse: (item: unknown) => T | undefined): T[] | undefined {
  const items = isObject(value) ? value[key] : undefined;
  if (!Array.isArray(items)) return undefined;
  const parsed = items.map(parse);
  return parsed.every((item) => item !== undefined) ? (parsed as T[]) : undefined;
}

/** The consent's connection and page; the page must be http(s), as the browser opens it. */
export function parseConsent(value: unknown): PlatformConsent | undefined {
  if (!isObject(value) || !isText(value['consentUrl']) || !isHttpUrl(value['consentUrl'])) return undefined;
  const connection = parseConnection(value['connection']);
  return connection && { connection, consentUrl: value['consentUrl'] };
}

function isHttpUrl(text: string): boolean {
  return URL.canParse(text) && ['http:', 'https:'].includes(new URL(text).protocol);
}
