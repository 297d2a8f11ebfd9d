import { spawn } from 'node:child_process';

/**
 * The floor for HTTP reads on this machine: a bare `node:http` server in a process of its own, answering
 * every request with the same JSON body as large as a signed head. No framework, no routing, no database,
 * so what autocannon measures against it is what the machine (loopback, two shared cores, the load
 * generator's own CPU) allows any Node service; the API's read figures are set against it.
 */
const SERVER =
  `
const body = JSON.stringify({ treeSize: 1000000, rootHash: 'a'.repeat(64), ` +
  `timestamp: new Date().toISOString(), keyId: 'b'.repeat(16), signature: 'c'.repeat(88) });
const server = require('node:http').createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => console.log('listening on http://127.0.0.1:' + server.address().port));
`;

export function startFloor(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const url = /listening on (\S+)/.exec(chunk.toString())?.[1];
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`the floor server exited with ${code}`)));
  });
}
