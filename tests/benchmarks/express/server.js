// Express + the expressjs `cors` middleware with the demo server's policy, for the wrk load of
// ../run.sh. Answers like cors-demo-server: a small JSON body for actual requests; the
// middleware answers preflights itself (204). Loopback only.
// usage: node server.js [port]   (0 or nothing: any free port); prints "listening on URL".
'use strict';

const express = require('express');
const cors = require('cors');
const { seed } = require('./scenarios');

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use(cors(seed));
app.all('*path', (req, res) => {
  res.json({ method: req.method, path: req.path });
});

const server = app.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => server.close(() => process.exit(0)));
