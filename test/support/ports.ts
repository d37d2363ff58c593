// Ports for the processes a test starts. Chosen below Linux's ephemeral range (32768–60999 by default):
// a port in that range can be taken by any outgoing connection (a PostgreSQL or Kafka client) between our
// check and the child's listen — CI once lost a whole e2e file to EADDRINUSE that way.
import net from 'node:net';

const LOW = 20000;
const HIGH = 32000;
const handedOut = new Set<number>();

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    // 0.0.0.0 is what the services listen on; it also fails when 127.0.0.1:port is taken.
    s.listen(port, '0.0.0.0', () => s.close(() => resolve(true)));
  });
}

/** `count` consecutive free ports; returns the first. Random start, so no test meets a port another just left. */
export async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const base = LOW + Math.floor(Math.random() * ((HIGH - LOW - count) / 10)) * 10;
    const ports = Array.from({ length: count }, (_, i) => base + i);
    if (ports.some((p) => handedOut.has(p))) continue;
    let free = true;
    for (const p of ports) {
      if (!(await bindable(p))) { free = false; break; }
    }
    if (!free) continue;
    ports.forEach((p) => handedOut.add(p));
    return base;
  }
  throw new Error(`no ${count} consecutive free ports between ${LOW} and ${HIGH}`);
}

export function freePort(): Promise<number> {
  return freePortBlock(1);
}
