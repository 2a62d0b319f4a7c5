// Times the expressjs `cors` middleware in-process, without sockets: the middleware function is
// called directly with fake req/res objects, once per request, for every scenario of
// scenarios.js. Prints ns/op per scenario; with --out FILE also writes them as JSON.
// Works on Node 18 (Debian 12's nodejs) and later.
// usage: node bench.js [--out results.json] [--batches 5] [--batch-ms 100] [--filter REGEX]
'use strict';

const fs = require('fs');
const cors = require('cors');
const { policies, scenarios } = require('./scenarios');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const outFile = option('--out', null);
const batches = Number(option('--batches', '5'));
const batchMs = Number(option('--batch-ms', '100'));
const filter = new RegExp(option('--filter', '.'));

// The part of http.ServerResponse the middleware uses. A real ServerResponse also validates
// every header name and value, so this fake makes Express look slightly faster than it is.
class FakeResponse {
  constructor() {
    this.statusCode = 200;
    this.headers = {};
    this.ended = false;
  }
  getHeader(name) {
    return this.headers[name.toLowerCase()];
  }
  setHeader(name, value) {
    this.headers[name.toLowerCase()] = value;
  }
  end() {
    this.ended = true;
  }
}

let nextCalls = 0;
function next() {
  ++nextCalls;
}

// What the middleware answered: the status of a preflight it ended itself, or "next" when it
// handed the request on; and whether Access-Control-Allow-Origin was set.
function answer(res) {
  const acao = res.headers['access-control-allow-origin'];
  return `${res.ended ? res.statusCode : 'next'}${acao ? `, ACAO ${acao}` : ', no ACAO'}`;
}

function runBatch(middleware, req, iterations) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; ++i) middleware(req, new FakeResponse(), next);
  return Number(process.hrtime.bigint() - start) / iterations;
}

// Grows the iteration count until one batch lasts about batchMs, which also warms up the JIT.
function calibrate(middleware, req) {
  let iterations = 64;
  for (;;) {
    const ns = runBatch(middleware, req, iterations) * iterations;
    if (ns >= batchMs * 1e6 || iterations >= 1 << 26) {
      return Math.max(1, Math.round((iterations * batchMs * 1e6) / Math.max(ns, 1)));
    }
    iterations *= ns < (batchMs * 1e6) / 16 ? 8 : 2;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const results = [];
const width = Math.max(...scenarios.map((s) => s.name.length));
console.log(`expressjs/cors ${require('cors/package.json').version}, node ${process.version}`);
for (const scenario of scenarios) {
  if (!filter.test(scenario.name)) continue;
  const middleware = cors(policies[scenario.policy]);
  const probe = new FakeResponse();
  middleware(scenario.request, probe, next);
  const iterations = calibrate(middleware, scenario.request);
  const times = [];
  for (let b = 0; b < batches; ++b) times.push(runBatch(middleware, scenario.request, iterations));
  const result = {
    name: scenario.name,
    ns_per_op: median(times),
    min_ns_per_op: Math.min(...times),
    iterations_per_batch: iterations,
    batches,
    answer: answer(probe),
  };
  results.push(result);
  console.log(
    `${scenario.name.padEnd(width)}  ${result.ns_per_op.toFixed(1).padStart(10)} ns/op  (${result.answer})`,
  );
}

if (outFile) {
  const meta = { node: process.version, cors: require('cors/package.json').version };
  fs.writeFileSync(outFile, JSON.stringify({ meta, results }, null, 2) + '\n');
}
if (nextCalls === 0 && results.length > 0 && results.some((r) => r.answer.startsWith('next'))) {
  throw new Error('the middleware never called next()');
}
