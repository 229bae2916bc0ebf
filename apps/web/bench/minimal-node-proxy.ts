/**
 * Benchmark only: the physical floor of a Node proxy, node:http in front of one pooled undici
 * Agent, no auth, no parsing. `tsx bench/minimal-node-proxy.ts <port> <upstream url>`
 */
import { createServer } from 'node:http';
import { Agent, request } from 'undici';

const [port, upstream] = process.argv.slice(2);
if (!port || !upstream) throw new Error('usage: minimal-node-proxy <port> <upstream url>');
const agent = new Agent({ connections: 256, pipelining: 1 });

createServer((incoming, outgoing) => {
  const chunks: Buffer[] = [];
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
  incoming.on('end', async () => {
    try {
      const response = await request(upstream, {
        dispatcher: agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer bench' },
        body: Buffer.concat(chunks),
      });
      outgoing.writeHead(response.statusCode, { 'content-type': 'application/json' });
      for await (const chunk of response.body) outgoing.write(chunk);
      outgoing.end();
    } catch {
      outgoing.destroy();
    }
  });
}).listen(Number(port), '127.0.0.1');
