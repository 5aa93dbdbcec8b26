import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';

const certsDir = new URL('../fakes/certs/', import.meta.url);

export interface TestServer {
  port: number;
  close(): Promise<void>;
}

/** Serves `handler` over HTTPS on a free loopback port with the fakes' self-signed certificate. */
export async function startHttpsServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<TestServer> {
  const server = createServer(
    {
      key: readFileSync(new URL('key.pem', certsDir)),
      cert: readFileSync(new URL('cert.pem', certsDir)),
    },
    (req, res) => {
      Promise.resolve(handler(req, res)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
