// The baseline: a bare node:http hello world.
import http from 'node:http';
http
  .createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"hello":"world"}');
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
