// Turns the raw results of run.sh into docs/benchmarks.md and prints the per-scenario ratios
// (express ns / cors ns). Node 18 or later, no dependencies.
// usage: node report.js --results DIR --notes notes.md --out benchmarks.md --command "..."
'use strict';

const fs = require('fs');
const path = require('path');

function option(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) throw new Error(`missing ${name}`);
  return process.argv[i + 1];
}

const resultsDir = option('--results');
const notesFile = option('--notes');
const outFile = option('--out');
const command = option('--command');

const read = (name) => fs.readFileSync(path.join(resultsDir, name), 'utf8');

// --- inputs --------------------------------------------------------------------------------------

function keyValues(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
const machine = keyValues(read('machine.txt'));

const toNs = { ns: 1, us: 1e3, ms: 1e6, s: 1e9 };

// Google Benchmark JSON: the median aggregate of each benchmark when there were repetitions,
// else its single run.
function engineResults() {
  // The cv and stddev aggregates of a counter that is always 0 come out as bare NaN, which is
  // not JSON.
  const json = JSON.parse(read('engine.json').replace(/:\s*-?(nan|NaN|inf|Infinity)\b/g, ': null'));
  const byName = new Map();
  for (const b of json.benchmarks) {
    const name = b.run_name || b.name;
    const isMedian = b.run_type === 'aggregate' && b.aggregate_name === 'median';
    const isSingle = b.run_type !== 'aggregate';
    if (!isMedian && !(isSingle && !byName.has(name))) continue;
    if (isSingle && byName.has(name) && byName.get(name).median) continue;
    byName.set(name, {
      name,
      median: isMedian,
      repetitions: b.repetitions || 1,
      cpuNs: b.cpu_time * toNs[b.time_unit],
      realNs: b.real_time * toNs[b.time_unit],
      allocs: b.allocs_per_request,
      allocsPerBuild: b.allocs_per_build,
      peakBytes: b.peak_bytes,
      retainedBytes: b.retained_bytes,
      error: b.error_occurred ? b.error_message : null,
    });
  }
  return { context: json.context, results: byName };
}
const engine = engineResults();

// "NAME INSTRUCTIONS" lines from callgrind, when valgrind ran.
const instructions = new Map();
if (fs.existsSync(path.join(resultsDir, 'instructions.txt'))) {
  for (const line of read('instructions.txt').split('\n')) {
    const [name, count] = line.split(' ');
    if (name && count) instructions.set(name, Number(count));
  }
}

const express = JSON.parse(read('express.json'));
const expressByName = new Map(express.results.map((r) => [r.name, r]));

// "NAME MODE wrk-result requests=N duration_us=N p50_us=N p99_us=N ..." lines; other lines are
// notes (a skipped comparison) and are quoted as they are.
const wrkRuns = [];
const wrkNotes = [];
for (const line of read('wrk.txt').split('\n')) {
  const m = /^(\S+) (\S+) wrk-result (.*)$/.exec(line);
  if (!m) {
    if (line.trim()) wrkNotes.push(line.trim());
    continue;
  }
  const fields = keyValues(m[3].split(' ').join('\n'));
  for (const k of Object.keys(fields)) fields[k] = Number(fields[k]);
  wrkRuns.push({
    server: m[1],
    mode: m[2],
    ...fields,
    rps: fields.requests / (fields.duration_us / 1e6),
    cpuUsPerRequest: fields.cpu_us / fields.requests,
  });
}
const answers = read('answers.txt').split('\n').filter(Boolean);

// --- formatting ----------------------------------------------------------------------------------

function ns(value) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} ms`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(1)} µs`;
  if (value >= 100) return `${value.toFixed(0)} ns`;
  return `${value.toFixed(1)} ns`;
}
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
function ratio(a, b) {
  if (!a || !b) return '—';
  const r = a / b;
  return `${r.toFixed(r >= 100 ? 0 : r >= 1 ? 1 : 3)}×`;
}
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
function table(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

// --- targets -------------------------------------------------------------------------------------

const requestResults = [...engine.results.values()].filter((r) => r.allocs !== undefined);
const cpu = (name) => (engine.results.get(name) || {}).cpuNs;
const targets = [];
function target(what, measured, limit, shown) {
  const ok = measured !== undefined && measured <= limit;
  targets.push([what, shown, ok ? 'met' : '**missed**']);
}
const worst = (names) => Math.max(...names.map((n) => cpu(n) ?? Infinity));
const maxAllocs = Math.max(...requestResults.map((r) => r.allocs));
target(
  '0 allocations per request, every scenario',
  maxAllocs,
  0,
  `max ${maxAllocs} over ${requestResults.length} scenarios`,
);
target('non-CORS request ≤ 10 ns', cpu('non_cors'), 10, ns(cpu('non_cors')));
const actual1 = ['actual_allowed/1_origin', 'actual_rejected/1_origin'];
target(
  'actual request, 1 origin ≤ 30 ns (allowed and rejected)',
  worst(actual1),
  30,
  actual1.map((n) => ns(cpu(n))).join(' / '),
);
const actualMany = [...engine.results.keys()].filter(
  (n) => n.includes('1000_origins_100_patterns') && n.startsWith('actual'),
);
target(
  'actual request, 1,000 origins + 100 patterns ≤ 40 ns',
  worst(actualMany),
  40,
  actualMany.map((n) => ns(cpu(n))).join(' / '),
);
target(
  'allowed preflight, 2 headers ≤ 60 ns',
  cpu('preflight_allowed/2_headers'),
  60,
  ns(cpu('preflight_allowed/2_headers')),
);
const hostile = [...engine.results.keys()].filter((n) => n.startsWith('hostile_'));
target(
  'every hostile request-header list rejected ≤ 1 µs',
  worst(hostile),
  1000,
  `worst ${ns(worst(hostile))}`,
);
const build = engine.results.get('build_policy/1000_origins') || {};
target('building a policy of 1,000 origins ≤ 1 ms', build.cpuNs, 1e6, ns(build.cpuNs));
target(
  '… and ≤ 1 MiB',
  build.peakBytes,
  1 << 20,
  `peak ${kib(build.peakBytes || 0)}, kept ${kib(build.retainedBytes || 0)}`,
);

function wrkMedian(server, mode, field) {
  const runs = wrkRuns.filter((r) => r.server === server && r.mode === mode);
  return runs.length ? median(runs.map((r) => r[field])) : undefined;
}
// The throughput the layer keeps, from the server's CPU time per request (robust to other load
// on the machine) and, for reference, from wrk's requests per second (not robust to it).
for (const mode of ['actual', 'preflight']) {
  const what = `server keeps ≥ 97 % of its throughput with CORS (${mode})`;
  const cpuWith = wrkMedian('cors-demo-server', mode, 'cpuUsPerRequest');
  const cpuWithout = wrkMedian('cors-demo-server--no-cors', mode, 'cpuUsPerRequest');
  if (cpuWith && cpuWithout) {
    const kept = cpuWithout / cpuWith;
    const rpsKept =
      wrkMedian('cors-demo-server', mode, 'rps') /
      wrkMedian('cors-demo-server--no-cors', mode, 'rps');
    targets.push([
      what,
      `${(100 * kept).toFixed(1)} % by CPU time per request (${(100 * rpsKept).toFixed(1)} % by requests/s)`,
      kept >= 0.97 ? 'met' : '**missed**',
    ]);
  } else {
    targets.push([what, 'not measured', '**not measured**']);
  }
}

// --- document ------------------------------------------------------------------------------------

const scenarioRows = [];
const printed = [];
for (const r of engine.results.values()) {
  if (r.allocs === undefined) continue;
  const e = expressByName.get(r.name);
  scenarioRows.push([
    `\`${r.name}\``,
    ns(r.cpuNs),
    ns(r.realNs),
    instructions.has(r.name) ? instructions.get(r.name).toLocaleString('en-US') : '—',
    r.error ? `error: ${r.error}` : String(r.allocs),
    e ? ns(e.ns_per_op) : '—',
    e ? ratio(e.ns_per_op, r.cpuNs) : '—',
    e ? e.answer : '—',
  ]);
  printed.push(
    `${r.name.padEnd(56)} cors ${ns(r.cpuNs).padStart(9)}  express ${(e ? ns(e.ns_per_op) : '—').padStart(9)}  ratio ${e ? ratio(e.ns_per_op, r.cpuNs) : '—'}`,
  );
}

const buildRows = [...engine.results.values()]
  .filter((r) => r.allocsPerBuild !== undefined)
  .map((r) => [
    `\`${r.name}\``,
    ns(r.cpuNs),
    Math.round(r.allocsPerBuild).toString(),
    kib(r.peakBytes),
    kib(r.retainedBytes),
  ]);

const servers = [...new Set(wrkRuns.map((r) => r.server))];
const wrkRows = [];
for (const server of servers) {
  for (const mode of ['actual', 'preflight']) {
    const runs = wrkRuns.filter((r) => r.server === server && r.mode === mode);
    if (!runs.length) continue;
    const errors = runs.reduce((n, r) => n + r.status_errors + r.socket_errors, 0);
    wrkRows.push([
      server,
      mode,
      String(runs.length),
      Math.round(wrkMedian(server, mode, 'rps')).toLocaleString('en-US'),
      ns(wrkMedian(server, mode, 'p50_us') * 1e3),
      ns(wrkMedian(server, mode, 'p99_us') * 1e3),
      `${wrkMedian(server, mode, 'cpuUsPerRequest').toFixed(1)} µs`,
      String(errors),
    ]);
  }
}
const preflightRps = (server) => wrkMedian(server, 'preflight', 'rps');
const ratioRows = [];
for (const [a, b] of [
  ['cors-demo-server', 'cors-demo-server--no-cors'],
  ['cors-demo-server', 'nginx'],
  ['cors-demo-server', 'express'],
]) {
  for (const mode of ['actual', 'preflight']) {
    const x = wrkMedian(a, mode, 'rps');
    const y = wrkMedian(b, mode, 'rps');
    if (x && y) {
      const cpu = wrkMedian(b, mode, 'cpuUsPerRequest') / wrkMedian(a, mode, 'cpuUsPerRequest');
      ratioRows.push([`${a} / ${b}`, mode, (x / y).toFixed(2), cpu.toFixed(2)]);
    }
  }
}

const peerRows = [
  [
    'rs/cors README (fake writer, 0 allocs)',
    'Actual request, default options (any origin)',
    '51.40 ns',
    ns(cpu('actual_allowed/any_origin')),
  ],
  [
    'rs/cors README',
    'Actual request, allowed origin',
    '88.25 ns',
    ns(cpu('actual_allowed/1_origin')),
  ],
  ['rs/cors README', 'Preflight', '147.3 ns', ns(cpu('preflight_allowed/0_headers'))],
  ['rs/cors README', 'Preflight with a header', '175.0 ns', ns(cpu('preflight_allowed/2_headers'))],
  [
    'rs/cors README',
    'Wildcard origin match alone',
    '4.714 ns',
    `${ns(cpu('actual_allowed/subdomain_pattern'))} (whole request)`,
  ],
  [
    'jub0bs/cors-benchmarks (httptest recorder, handler writes a body)',
    'Actual, 1 origin, allowed',
    '544.7 ns (rs/cors 526.7 ns)',
    ns(cpu('actual_allowed/1_origin')),
  ],
  [
    'jub0bs/cors-benchmarks',
    'Actual, 1,000 origins, allowed',
    '585.3 ns (rs/cors 1476.5 ns)',
    ns(cpu('actual_allowed/1000_origins_100_patterns')),
  ],
  [
    'jub0bs/cors-benchmarks',
    'Preflight, allowed',
    '416.1 ns (rs/cors 442.6 ns)',
    ns(cpu('preflight_allowed/2_headers')),
  ],
  [
    'jub0bs/cors-benchmarks',
    'Preflight, disallowed origin',
    '102.6 ns (rs/cors 395.8 ns)',
    ns(cpu('preflight_rejected/origin')),
  ],
  [
    'jub0bs/cors-benchmarks',
    'Preflight, malicious ACRH',
    '154.0 ns (rs/cors 470.8 ns)',
    `worst hostile ${ns(worst(hostile))}`,
  ],
  [
    'rs/cors#170, before its fix',
    'Malicious ACRH',
    '127 ms, 121 MB, 1,053 allocs',
    `worst hostile ${ns(worst(hostile))}, 0 allocs`,
  ],
  [
    'go-chi/cors#36',
    'ACRH of 1 MiB of commas',
    '≈ 5 ms, ≈ 17 MiB',
    `${ns(cpu('hostile_request_headers/commas_1MiB'))}, 0 allocs`,
  ],
];

const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8').trim() : '';
const lib = engine.context || {};
const doc = `# Benchmarks

Generated by \`${command}\` on ${machine.date}; do not edit by hand. The analysis at the
end comes from \`tests/benchmarks/notes.md\`.

## Machine

| | |
|---|---|
| CPUs (\`nproc\`) | ${machine.nproc} |
| CPU model | ${machine.cpu} |
| Compiler | ${machine.compiler} |
| Kernel | ${machine.kernel} |
| Google Benchmark | ${lib.library_version || 'Debian libbenchmark-dev'} (${lib.library_build_type || '?'} build of the library) |
| Node.js / expressjs \`cors\` | ${machine.node} / ${express.meta.cors} |
| wrk / nginx | ${machine.wrk} / ${machine.nginx} |
| Load average (1, 5, 15 min) | ${machine.load_before} before, ${machine.load_after} after |

The machine is shared: other builds run at the same time (see the load average), so times are
noisy. The engine figures are **medians of 5 repetitions of CPU time** (the time the benchmark
thread itself ran), wall-clock medians next to them. CPU time leaves out the time other
processes held the core, not the slowdown of sharing the machine (caches, memory), so the same
binary can measure tens of percent apart from one run to the next under load.
The *instructions* column, counted by callgrind, does not depend on the load at all and is the
figure to compare across runs.

## Commands

\`\`\`sh
${command}
# which runs:
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCORS_BUILD_BENCHMARKS=ON -DCORS_BUILD_TESTS=OFF
cmake --build build-bench -j2 --target cors-engine-benchmark cors-demo-server
build-bench/tests/benchmarks/cors-engine-benchmark --benchmark_repetitions=5 \\
    --benchmark_report_aggregates_only=true --benchmark_min_time=0.3
valgrind --tool=callgrind --collect-atstart=no --toggle-collect='cors::v1::policy::evaluate*' \\
    build-bench/tests/benchmarks/cors-engine-benchmark --benchmark_filter='^NAME$' --benchmark_min_time=0.002
node tests/benchmarks/express/bench.js --batches 5 --batch-ms 100
wrk -t2 -c64 -d3s --timeout 5s -s tests/benchmarks/load.lua URL/api/items -- actual|preflight
\`\`\`

CI only builds the benchmarks and runs each for a moment
(\`ctest -R engine_benchmark_allocates_nothing\`), failing if any request allocates; it asserts
no timing.

## Targets

${table(['Target', 'Measured', ''], targets)}

## Engine: one \`policy::evaluate\` per request, against expressjs/cors

\`cors\` columns: one \`evaluate()\` call (Google Benchmark, median of 5, heap allocations
counted by replacing the global \`operator new\`); *instructions* is what callgrind counts
inside \`evaluate()\` per call, a figure the machine's load cannot change. \`express\` columns:
the \`cors\` middleware (${express.meta.cors}) called directly with fake \`req\`/\`res\` objects,
median of 5 batches timed (wall clock) with \`process.hrtime.bigint\`; a real \`ServerResponse\` validates headers
too, so Express is, if anything, flattered. Ratio = express ns / cors CPU ns.

Read the ratios with the answers: expressjs/cors checks nothing on a preflight. It answers
every preflight 204 with the configured headers, whatever the method and headers asked for,
and with a fixed origin string it sends that origin to every request, foreign or not; it never
reads \`Access-Control-Request-Headers\` when the allowed headers are configured, so hostile
lists cost it nothing. \`cors\` checks all of it (and rejects with 403).

${table(['Scenario', 'cors CPU', 'cors wall', 'instructions', 'allocs / request', 'express', 'ratio', "express's answer"], scenarioRows)}

## Building a policy

${table(['Benchmark', 'CPU time', 'allocations', 'peak heap', 'heap kept by the policy'], buildRows)}

## Server load (wrk, loopback)

\`wrk -t2 -c64 -d3s\`, 127.0.0.1 only, one request shape per run (\`load.lua\`): an actual
\`GET /api/items\` with \`Origin: https://app.client.internal\`, or the browser's preflight for a
\`PUT\` with \`content-type,x-custom-header\`. cors-demo-server runs the policy
\`--allow-origin https://app.client.internal --allow-methods GET,POST,PUT,DELETE
--allow-headers Content-Type,X-Custom-Header --max-age 600\`, with and without \`--no-cors\`
(rounds interleaved; medians shown). nginx (2 workers) answers preflights with the classic
\`if ($request_method = 'OPTIONS') { add_header ...; return 204; }\` snippet; Express runs
\`cors\` with the same policy on one Node thread. wrk shares the 2 cores with the server.
Without its CORS layer, cors-demo-server hands a preflight to the application, which answers
200 with a JSON body; with the layer, the policy answers 204 itself, hence a ratio above 1 there.

${wrkNotes.map((n) => `> ${n}`).join('\n')}

${table(['Server', 'Request', 'runs', 'requests/s', 'p50', 'p99', 'server CPU / request', 'errors'], wrkRows)}

${ratioRows.length ? table(['Throughput ratio', 'Request', 'by requests/s', 'by CPU time per request'], ratioRows) : ''}

*By CPU time per request*: the CPU time the server process (nginx: with its workers) used
during the run, divided by the requests it answered, read from \`/proc/PID/stat\`; the ratio is
the inverse ratio of those, i.e. the throughput ratio if both were limited by their own CPU.
Here wrk shares the two cores with the server, so requests per second measure the machine as
much as the server; CPU time per request moves much less with other load (still by ±10 % from
run to run), so the 97 % target above is judged on it. The callgrind count in the analysis
below confirms its order of magnitude for actual requests.

What each server answered (one request each, with curl):

\`\`\`
${answers.join('\n')}
\`\`\`

## The peers' published figures

These are **their published numbers, measured by them on other hardware** (Apple M4 and
darwin/arm64, Go), not measured here; their harnesses also differ (jub0bs/cors-benchmarks
includes an \`httptest\` recorder and a handler writing a body). They only place the orders of
magnitude; the side-by-side measurement is the expressjs/cors table above.

${table(['Source', 'Case', 'Their figure', 'cors here (CPU median)'], peerRows)}

${notes}
`;

fs.writeFileSync(outFile, doc.replace(/\n{3,}/g, '\n\n'));
console.log('\nscenario ratios (express ns / cors ns):');
for (const line of printed) console.log(line);
console.log('\ntargets:');
for (const [what, measured, verdict] of targets)
  console.log(`  ${verdict.replace(/\*/g, '').padEnd(12)} ${what}: ${measured}`);
