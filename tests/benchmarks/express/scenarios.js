// The engine benchmark's scenarios (engine_benchmark.cpp), as options for the expressjs `cors`
// middleware and the request each one sends. Names match the engine's, so that the report can
// put the two side by side.
'use strict';

const allowed = 'https://app.client.internal';
const foreign = 'https://evil.example';

// The demo server's documented policy, written the way an Express user writes it.
const seed = {
  origin: allowed,
  methods: ['GET', 'POST', 'PUT', 'DELETE'],
  allowedHeaders: ['Content-Type', 'X-Custom-Header'],
  maxAge: 600,
};

const tenHeaderNames = ['content-type', 'x-custom-header'];
for (let i = 0; i < 8; ++i) tenHeaderNames.push(`x-extra-${i}`);

// "https://*.tenantN.example.net" has no literal form in expressjs/cors: a RegExp it is.
const thousandOrigins = [];
for (let i = 0; i < 1000; ++i) thousandOrigins.push(`https://app${i}.example.org`);
for (let i = 0; i < 100; ++i) {
  thousandOrigins.push(new RegExp(`^https://([a-z0-9-]+\\.)+tenant${i}\\.example\\.net$`));
}

const policies = {
  seed,
  tenHeaders: { ...seed, allowedHeaders: tenHeaderNames },
  thousand: { ...seed, origin: thousandOrigins },
  anyOrigin: { ...seed, origin: '*' },
  subdomains: { ...seed, origin: [/^https:\/\/([a-z0-9-]+\.)+example\.com$/] },
};

function actual(origin) {
  return { method: 'GET', headers: { origin } };
}

function preflight(origin, method, requestHeaders) {
  const headers = { origin, 'access-control-request-method': method };
  if (requestHeaders !== undefined) headers['access-control-request-headers'] = requestHeaders;
  return { method: 'OPTIONS', headers };
}

function allowedNames(count) {
  const names = [];
  for (let i = 0; i < count; ++i) names.push(i % 2 === 0 ? 'content-type' : 'x-custom-header');
  return names.join(',') + ',';
}

const KiB = 1024;
const MiB = 1024 * 1024;

const scenarios = [
  { name: 'non_cors', policy: 'seed', request: { method: 'GET', headers: {} } },
  { name: 'actual_allowed/1_origin', policy: 'seed', request: actual(allowed) },
  { name: 'actual_rejected/1_origin', policy: 'seed', request: actual(foreign) },
  { name: 'actual_allowed/any_origin', policy: 'anyOrigin', request: actual(foreign) },
  {
    name: 'actual_allowed/1000_origins_100_patterns',
    policy: 'thousand',
    request: actual('https://app500.example.org'),
  },
  {
    name: 'actual_allowed/1000_origins_100_patterns_via_pattern',
    policy: 'thousand',
    request: actual('https://eu.shop.tenant42.example.net'),
  },
  {
    name: 'actual_rejected/1000_origins_100_patterns',
    policy: 'thousand',
    request: actual('https://app500.evil.example.net'),
  },
  {
    name: 'actual_allowed/subdomain_pattern',
    policy: 'subdomains',
    request: actual('https://a.b.example.com'),
  },
  { name: 'preflight_allowed/0_headers', policy: 'seed', request: preflight(allowed, 'PUT') },
  {
    name: 'preflight_allowed/2_headers',
    policy: 'seed',
    request: preflight(allowed, 'PUT', 'content-type,x-custom-header'),
  },
  {
    name: 'preflight_allowed/10_headers',
    policy: 'tenHeaders',
    request: preflight(allowed, 'PUT', tenHeaderNames.join(',')),
  },
  {
    name: 'preflight_rejected/origin',
    policy: 'seed',
    request: preflight(foreign, 'PUT', 'content-type,x-custom-header'),
  },
  {
    name: 'preflight_rejected/method',
    policy: 'seed',
    request: preflight(allowed, 'PATCH', 'content-type,x-custom-header'),
  },
  {
    name: 'preflight_rejected/header',
    policy: 'seed',
    request: preflight(allowed, 'PUT', 'content-type,x-other'),
  },
];
for (const [label, size] of [
  ['1KiB', KiB],
  ['1MiB', MiB],
]) {
  scenarios.push({
    name: `hostile_request_headers/commas_${label}`,
    policy: 'seed',
    request: preflight(allowed, 'PUT', ','.repeat(size)),
  });
  scenarios.push({
    name: `hostile_request_headers/space_run_${label}`,
    policy: 'seed',
    request: preflight(allowed, 'PUT', `content-type${' '.repeat(size)},x-custom-header`),
  });
}
for (const count of [1000, 10000]) {
  scenarios.push({
    name: `hostile_request_headers/${count}_names`,
    policy: 'seed',
    request: preflight(allowed, 'PUT', allowedNames(count)),
  });
}
// Node joins repeated request header lines with ", " before a middleware sees them.
scenarios.push({
  name: 'hostile_request_headers/10000_lines',
  policy: 'seed',
  request: preflight(allowed, 'PUT', Array(10000).fill('content-type').join(', ')),
});
scenarios.push({
  name: 'padded_request_method/trailing_spaces_1MiB',
  policy: 'seed',
  request: preflight(allowed, `PUT${' '.repeat(MiB)}`),
});

module.exports = { policies, scenarios, seed };
