#!/usr/bin/env node
// Load: autocannon, CONNECTIONS connections for DURATION seconds each, against the emulator alone,
// a bare forwarding proxy in front of it and the token-issuing handler in front of it (with a valid
// token), for list, get and token issue. Each server runs in a process of its own (the emulator is
// the CLI with --rate-limit off); the load comes from this one, on the same machine.
// `node bench/load.mjs` or `node bench/run.mjs load` runs just this section.
//   BENCH_LOAD_DURATION    seconds per measured run (default 20); a warm-up of half of it (1 to 10 s) precedes each
//   BENCH_LOAD_CONNECTIONS connections in flight (default 200)
//   BENCH_LOAD_CPU_PROF    a directory: the handler's process runs with --cpu-prof and writes its profile there
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DEMO_COMPANY_ID } from '@codat-connections/emulator';

const DURATION = Number(process.env.BENCH_LOAD_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 200);
/**
 * Seconds of load before each measured run, not counted: a fresh server process takes seconds to
 * reach its pace (on a busy 2-core machine a bare proxy went from 30 to 1400 req/s over 15 s).
 */
const WARM_UP = Math.min(10, Math.max(1, Math.round(DURATION / 2)));
const CPU_PROF = process.env.BENCH_LOAD_CPU_PROF;
const API_KEY = 'emulator-api-key';
const BASE_PATH = '/api/codat';
/** How long a server may take to start or to stop before the bench gives up on it. */
const PROCESS_TIMEOUT = 15_000;

const emulatorBin = fileURLToPath(new URL('../packages/emulator/bin/codat-emulator.js', import.meta.url));
const target = fileURLToPath(new URL('./_load-target.mjs', import.meta.url));

/** Starts a server process and resolves once it prints the URL it listens on. */
function start(args) {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), PROCESS_TIMEOUT);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`${args.join(' ')}: no URL within ${PROCESS_TIMEOUT} ms`))), PROCESS_TIMEOUT);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        child.stdout.resume();
        resolve({ url, pid: child.pid, stop });
      }
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`${args.join(' ')} exited with ${code} before listening`))));
  });
}

/** CPU milliseconds (user and system) a process has used, from /proc on Linux; undefined elsewhere. */
function cpuTime(pid) {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return undefined;
  // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
  const fields = readFileSync(file, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; in clock ticks (100 a second on Linux).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** One measured autocannon run (after a warm-up), with the CPU each server process used per answered request. */
async function measure(request, processes) {
  await autocannon({ ...request, connections: CONNECTIONS, duration: WARM_UP });
  const before = processes.map(({ pid }) => cpuTime(pid));
  const run = autocannon({ ...request, connections: CONNECTIONS, duration: DURATION });
  /** What went wrong, by error code or status, so that an error figure says which. */
  const causes = new Map();
  const count = (cause) => causes.set(cause, (causes.get(cause) ?? 0) + 1);
  run.on('reqError', (error) => count(error.code ?? error.message));
  run.on('response', (_client, status) => status >= 300 && count(String(status)));
  const result = await run;
  const answered = result.requests.total;
  if (answered === 0) throw new Error(`${request.method ?? 'GET'} ${request.url}: no answer in ${DURATION} s`);
  const cpu = processes.map(({ pid, name }, index) => {
    const after = cpuTime(pid);
    return { name, microseconds: after === undefined ? undefined : ((after - before[index]) * 1000) / answered };
  });
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
    causes: [...causes].map(([cause, times]) => `${times} × ${cause}`).join(', '),
    cpu,
  };
}

const summary = ({ rate, p50, p99, errors, causes, cpu }) =>
  [
    `${Math.round(rate)} req/s`,
    `p50 ${p50} ms`,
    `p99 ${p99} ms`,
    errors ? `${errors} errors (${causes})` : '0 errors',
    ...cpu.filter((entry) => entry.microseconds !== undefined).map((entry) => `${entry.name} CPU ${Math.round(entry.microseconds)} µs/req`),
  ].join(' · ');

/** A difference with its sign, rounded: `+12`, `-3`. */
const signed = (value) => `${value < 0 ? '-' : '+'}${Math.abs(Math.round(value))}`;

export default async function benchLoad() {
  const emulator = await start([emulatorBin, '--port', '0', '--rate-limit', 'off']);
  const servers = [emulator];
  try {
    const handler = await start([...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []), target, 'handler', emulator.url]);
    servers.push(handler);
    const proxy = await start([target, 'proxy', emulator.url]);
    servers.push(proxy);

    const basic = { Authorization: `Basic ${btoa(API_KEY)}` };
    const tokenRequest = { method: 'POST', headers: { 'X-Requested-With': 'codat-connections', 'Content-Type': 'application/json' }, body: '{}' };
    const grant = await fetch(`${handler.url}${BASE_PATH}/token`, tokenRequest);
    if (grant.status !== 200) throw new Error(`token: ${grant.status}`);
    const bearer = { Authorization: `Bearer ${(await grant.json()).accessToken}` };
    const list = `/companies/${DEMO_COMPANY_ID}/connections?page=1&pageSize=10`;
    const [connection] = (await (await fetch(`${emulator.url}${list}`, { headers: basic })).json()).results;
    const get = `/companies/${DEMO_COMPANY_ID}/connections/${connection.id}`;

    const cpuOf = (...names) => names.map((name) => ({ name, pid: { emulator, handler, proxy }[name].pid }));
    const rows = [];
    let errors = 0;
    const row = (name, figures) => {
      errors += figures.errors;
      rows.push({ name, value: summary(figures), unit: '' });
      return figures;
    };
    for (const [operation, path] of [
      ['list', list],
      ['get', get],
    ]) {
      const alone = row(`${operation}: emulator alone`, await measure({ url: `${emulator.url}${path}`, headers: basic }, cpuOf('emulator')));
      const proxied = row(`${operation}: bare proxy`, await measure({ url: `${proxy.url}${BASE_PATH}${path}`, headers: bearer }, cpuOf('proxy', 'emulator')));
      const through = row(
        `${operation}: through the handler`,
        await measure({ url: `${handler.url}${BASE_PATH}${path}`, headers: bearer }, cpuOf('handler', 'emulator')),
      );
      rows.push({
        name: `${operation}: through the handler / alone`,
        value: `${(through.rate / alone.rate).toFixed(2)} × req/s · ${(through.p50 / alone.p50).toFixed(2)} × p50 · ${(through.p99 / alone.p99).toFixed(2)} × p99`,
        unit: '',
      });
      const handlerCpu = through.cpu[0].microseconds;
      const proxyCpu = proxied.cpu[0].microseconds;
      rows.push({
        name: `${operation}: the handler's overhead over the bare proxy`,
        value: [
          `${(through.rate / proxied.rate).toFixed(2)} × req/s`,
          `${signed(through.p50 - proxied.p50)} ms p50`,
          `${signed(through.p99 - proxied.p99)} ms p99`,
          ...(handlerCpu === undefined ? [] : [`${signed(handlerCpu - proxyCpu)} µs CPU/req`]),
        ].join(' · '),
        unit: '',
      });
    }
    row('token issue: through the handler', await measure({ url: `${handler.url}${BASE_PATH}/token`, ...tokenRequest }, cpuOf('handler')));
    rows.push({ name: `errors, all runs (${CONNECTIONS} connections, ${DURATION} s each)`, value: errors, unit: 'errors', target: 0 });
    return rows;
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await benchLoad()) console.log(`${row.name}: ${row.value}${row.unit ? ` ${row.unit}` : ''}`);
}
