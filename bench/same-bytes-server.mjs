// A reference for the foundation bench: a bare node:http server that answers every request with
// the exact status line, headers and body our signed-in GET sends (given in RESPONSE as JSON), so
// the bench shows how close the platform comes to the cost of the bytes themselves.
import http from 'node:http';

const { headers, body } = JSON.parse(process.env.RESPONSE);
const flat = Object.entries(headers).flat();
http
  .createServer((_req, res) => {
    res.writeHead(200, flat);
    res.end(body);
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
