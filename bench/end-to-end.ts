// Each client against the mock in its own process over loopback HTTP (keep-alive), interleaved round by
// round so the machine's drift cancels: sequential latency and client CPU per request, and throughput at
// concurrency 1, 16 and 64. Ratios are to raw fetch.
import type { BenchClient } from "./support/clients.js";
import { median } from "./support/stats.js";


export interface LatencyRow {
  client: string;
  call: "claims" | "login";
  medianUs: number;
  cpuUsPerRequest: number;
  ratioToFetch: number;
  cpuRatioToFetch: number;
}

/** Sequential calls: median wall time per request and client CPU time per request. */
export async function benchLatency(clients: BenchClient[], call: "claims" | "login", rounds = 6, perRound = 300): Promise<LatencyRow[]> {
  const wall: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  for (const client of clients) for (let i = 0; i < 100; i++) await client[call](); // warm up
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? clients : [...clients].reverse();
    for (const client of order) {
      const cpuStart = process.cpuUsage();
      for (let i = 0; i < perRound; i++) {
        const started = performance.now();
        await client[call]();
        (wall[client.name] ??= []).push((performance.now() - started) * 1000);
      }
      const used = process.cpuUsage(cpuStart);
      (cpu[client.name] ??= []).push((used.user + used.system) / perRound);
    }
  }
  const baseWall = median(wall.fetch ?? []);
  const baseCpu = median(cpu.fetch ?? []);
  return clients.map(({ name }) => ({
    client: name,
    call,
    medianUs: Math.round(median(wall[name] ?? [])),
    cpuUsPerRequest: Math.round(median(cpu[name] ?? [])),
    ratioToFetch: +(median(wall[name] ?? []) / baseWall).toFixed(2),
    cpuRatioToFetch: +(median(cpu[name] ?? []) / baseCpu).toFixed(2),
  }));
}

export interface ThroughputRow {
  client: string;
  concurrency: number;
  requestsPerSecond: number;
  ratioToFetch: number;
}

/** GET /jwt at fixed concurrency: requests per second, median of interleaved rounds. */
export async function benchThroughput(clients: BenchClient[], concurrencies = [1, 16, 64], rounds = 3, requests = 1500): Promise<ThroughputRow[]> {
  const rows: ThroughputRow[] = [];
  for (const concurrency of concurrencies) {
    const rates: Record<string, number[]> = {};
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? clients : [...clients].reverse();
      for (const client of order) {
        let next = 0;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next++ < requests) await client.claims();
          }),
        );
        (rates[client.name] ??= []).push(requests / ((performance.now() - started) / 1000));
      }
    }
    const base = median(rates.fetch ?? []);
    for (const { name } of clients) {
      rows.push({ client: name, concurrency, requestsPerSecond: Math.round(median(rates[name] ?? [])), ratioToFetch: +(median(rates[name] ?? []) / base).toFixed(2) });
    }
  }
  return rows;
}
