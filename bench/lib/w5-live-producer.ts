// W5's live input for the latency case, run as a process of its own (as Yahoo's generator is), so its work
// never delays the engine's event loop: ad events at a steady rate, each stamped with its creation time
// (event_time = now), sent every 2 ms round-robin over the partitions, for a given duration. Prints one
// JSON line at the end: events sent, and the process's CPU time.
//
//   node bench/lib/w5-live-producer.ts <topic> <partitions> <events/s> <seconds> <seed>
import { ProduceAcks, Producer } from '@platformatic/kafka';
import { AdEventGenerator, adTables } from './w5-ad-events.ts';
import { bootstrapServers } from './w5-kafka-io.ts';

const TICK_MS = 2;

const [topic, partitionsArg, rateArg, secondsArg, seedArg] = process.argv.slice(2);
const partitions = Number(partitionsArg);
const rate = Number(rateArg);
const durationMs = Number(secondsArg) * 1000;
const seed = Number(seedArg);
if (!topic || !(partitions > 0) || !(rate > 0) || !(durationMs > 0) || !Number.isInteger(seed)) {
  process.stderr.write('usage: w5-live-producer.ts <topic> <partitions> <events/s> <seconds> <seed>\n');
  process.exit(2);
}

// Leader acknowledgement and no idempotence: the input's own delivery should add as little as it can to
// the latency measured downstream.
const producer = new Producer({
  clientId: 'sluice-bench-w5-live',
  bootstrapBrokers: [bootstrapServers],
  acks: ProduceAcks.LEADER,
  idempotent: false,
});
const generator = new AdEventGenerator(adTables(seed), seed + 1);
const sends: Promise<unknown>[] = [];
let failure: unknown;
let sent = 0;
const start = Date.now();
const cpuStart = process.cpuUsage();

await new Promise<void>((resolve) => {
  const timer = setInterval(() => {
    const now = Date.now();
    const due = Math.floor((Math.min(now - start, durationMs) * rate) / 1000);
    if (due > sent) {
      const messages = [];
      for (; sent < due; sent++) {
        messages.push({ topic, partition: sent % partitions, value: Buffer.from(generator.next(now)) });
      }
      sends.push(
        producer.send({ messages }).catch((e: unknown) => {
          failure ??= e;
        }),
      );
    }
    if (now - start >= durationMs) {
      clearInterval(timer);
      resolve();
    }
  }, TICK_MS);
});
await Promise.all(sends);
await producer.close();
const cpu = process.cpuUsage(cpuStart);
if (failure !== undefined) {
  process.stderr.write(`w5-live-producer: a send failed: ${String(failure)}\n`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify({ sent, cpuUs: cpu.user + cpu.system, wallMs: Date.now() - start })}\n`);
