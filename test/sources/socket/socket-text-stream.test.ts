import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  BadRecordError,
  InvalidArgumentError,
  ManualClock,
  type SocketTextStream,
  type SocketTextStreamOptions,
  SourceConnectionError,
  StreamingContext,
} from '../../../src/index.ts';
import { EventLog } from '../../support/events.ts';

/** A line server on 127.0.0.1 handing each accepted connection to the test, in order. */
async function lineServer(): Promise<{ server: Server; port: number; nextConnection(): Promise<Socket> }> {
  const accepted: Socket[] = [];
  const waiting: ((s: Socket) => void)[] = [];
  const server = createServer((socket) => {
    const w = waiting.shift();
    if (w) w(socket);
    else accepted.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    server,
    port: address.port,
    nextConnection: () => {
      const s = accepted.shift();
      return s ? Promise.resolve(s) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** A context on a manual clock reading the socket, collecting each batch's lines. */
function socketProgram(port: number, options: SocketTextStreamOptions = {}, checkpointDir?: string, startMs = 0) {
  const clock = new ManualClock(startMs);
  const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
  if (checkpointDir !== undefined) ssc.checkpoint(checkpointDir);
  const lines = ssc.socketTextStream('127.0.0.1', port, { retryDelayMs: 1, ...options });
  const batches: string[][] = [];
  lines.foreachRDD((rdd) => {
    batches.push(rdd.collect());
  });
  let completed = 0;
  let wake: (() => void) | undefined;
  ssc.addStreamingListener((e) => {
    if (e.type === 'batchCompleted') {
      completed++;
      wake?.();
    }
  });
  const termination = ssc.awaitTermination();
  termination.catch(() => wake?.());
  /** Resolves once `n` batches have completed (or the context stopped). */
  const untilCompleted = (n: number): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = () => {
        if (completed >= n || ssc.getState() !== 'active') resolve();
      };
      wake();
    });
  /** Advances one batch and waits for it to complete (or for the context to stop). */
  const nextBatch = async (): Promise<void> => {
    const done = untilCompleted(completed + 1);
    clock.advance(1000);
    await done;
  };
  return { ssc, lines, batches, nextBatch, untilCompleted, termination };
}

const write = (socket: Socket, data: string | Buffer) => new Promise<void>((r) => socket.write(data, () => r()));

describe('socketTextStream', () => {
  it('each batch takes the lines received before it is generated, in order; a line split across writes is joined', async () => {
    const { server, port, nextConnection } = await lineServer();
    const { ssc, lines, batches, nextBatch } = socketProgram(port);
    ssc.start();
    const conn = await nextConnection();
    await write(conn, 'spark streaming\nsluice\n');
    await lines.whenReceived(2);
    await nextBatch();
    await write(conn, 'on a\r\nsock');
    await lines.whenReceived(3);
    await nextBatch();
    await write(conn, 'et\n\n');
    // é split between its two bytes
    const e = Buffer.from('café\n');
    await write(conn, e.subarray(0, 4));
    await write(conn, e.subarray(4));
    await lines.whenReceived(6);
    await nextBatch();
    await nextBatch();
    await ssc.stop();
    server.close();
    assert.deepEqual(batches, [['spark streaming', 'sluice'], ['on a'], ['socket', '', 'café'], []]);
    assert.equal(lines.received, 6);
    assert.equal(lines.status, 'stopped');
  });

  it('reconnects when the server closes the connection, keeping the last line without a line end', async () => {
    const { server, port, nextConnection } = await lineServer();
    const { ssc, lines, batches, nextBatch } = socketProgram(port);
    ssc.start();
    const first = await nextConnection();
    await write(first, 'a\nb');
    first.end();
    const second = await nextConnection();
    await write(second, 'c\n');
    await lines.whenReceived(3);
    await nextBatch();
    await ssc.stop();
    server.close();
    assert.deepEqual(batches, [['a', 'b', 'c']]);
  });

  it('gives up after maxRetries failed attempts in a row, and the next batch fails naming the source and the address', async () => {
    const { server, port, nextConnection } = await lineServer();
    const { ssc, lines, batches, nextBatch, termination } = socketProgram(port, { maxRetries: 2 });
    ssc.start();
    const conn = await nextConnection();
    await write(conn, 'last\n');
    await lines.whenReceived(1);
    // Stop listening first, so that the reconnection attempts are refused.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    conn.destroy();
    await closed;
    await assert.rejects(lines.whenReceived(2), (e: Error) => {
      assert.ok(e instanceof SourceConnectionError);
      assert.match(
        e.message,
        new RegExp(
          `^socketTextStream \\(stream 0\\) at [^ ]+: 127\\.0\\.0\\.1:${port}: .*gave up after 3 attempts in a row \\(maxRetries 2\\)`,
        ),
      );
      return true;
    });
    assert.equal(lines.status, 'failed');
    // The line that arrived before the failure still makes its batch; the next batch fails.
    await nextBatch();
    assert.deepEqual(batches, [['last']]);
    await nextBatch();
    await assert.rejects(termination, (e: Error) => {
      assert.match(e.message, /Batch 2000 ms failed/);
      assert.ok(e.cause instanceof SourceConnectionError, String(e.cause));
      assert.match(e.cause.message, /batch 2000 ms cannot be served: .*gave up after 3 attempts/);
      return true;
    });
  });

  it('a server that is not there fails the stream after the retries', async () => {
    const { server, port } = await lineServer();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { ssc, lines } = socketProgram(port, { maxRetries: 1 });
    ssc.start();
    await assert.rejects(lines.whenReceived(1), /ECONNREFUSED.*gave up after 2 attempts in a row \(maxRetries 1\)/);
    await ssc.stop();
  });

  it('a line longer than maxLineLength fails the stream instead of growing without bound', async () => {
    const { server, port, nextConnection } = await lineServer();
    const { ssc, lines, nextBatch, termination } = socketProgram(port, { maxLineLength: 8 });
    ssc.start();
    const conn = await nextConnection();
    await write(conn, 'ok\n0123456789');
    await assert.rejects(lines.whenReceived(2), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'BAD_RECORD');
      assert.match(
        e.message,
        /^socketTextStream \(stream 0\) at [^ ]+: bad record at line 2 from 127\.0\.0\.1:\d+: longer than maxLineLength \(8 characters\)/,
      );
      return true;
    });
    await nextBatch();
    await nextBatch();
    await assert.rejects(termination, /Batch 2000 ms failed/);
    server.close();
  });

  it('is at-most-once: a batch run again after a restart does not get its lines back', async () => {
    const { server, port, nextConnection } = await lineServer();
    const dir = mkdtempSync(join(tmpdir(), 'sluice-socket-'));
    const first = socketProgram(port, {}, dir);
    first.ssc.start();
    const conn = await nextConnection();
    await write(conn, 'before the stop\n');
    await first.lines.whenReceived(1);
    await first.nextBatch();
    await first.ssc.stop();
    assert.deepEqual(first.batches, [['before the stop']]);

    let second: ReturnType<typeof socketProgram> | undefined;
    const ssc = StreamingContext.getOrCreate(dir, () => {
      second = socketProgram(port, {}, dir, 1000);
      return second.ssc;
    });
    assert.ok(second !== undefined && ssc === second.ssc);
    ssc.start();
    assert.deepEqual(ssc.rescheduledTimes, [1000]);
    await second.untilCompleted(1);
    const again = await nextConnection();
    await write(again, 'after the restart\n');
    await second.lines.whenReceived(1);
    await second.nextBatch();
    await ssc.stop();
    server.close();
    // Batch 1000 ran again with what had arrived by then (nothing), not with its own line.
    assert.deepEqual(second.batches, [[], ['after the restart']]);
  });

  it('is refused with a clear error for a bad host, port or option', () => {
    const ssc = new StreamingContext({ batchDurationMs: 1000, clock: new ManualClock(0) });
    const refused: [() => SocketTextStream, RegExp][] = [
      [() => ssc.socketTextStream('', 9999), /host must be a non-empty string/],
      [() => ssc.socketTextStream('127.0.0.1', 0), /port must be a whole number from 1 to 65535, got 0/],
      [() => ssc.socketTextStream('127.0.0.1', 70000), /port must be a whole number from 1 to 65535, got 70000/],
      [
        () => ssc.socketTextStream('127.0.0.1', 9999, { maxRetries: -1 }),
        /maxRetries must be a whole number >= 0, got -1/,
      ],
      [
        () => ssc.socketTextStream('127.0.0.1', 9999, { retryDelayMs: 1.5 }),
        /retryDelayMs must be a whole number >= 0, got 1.5/,
      ],
      [
        () => ssc.socketTextStream('127.0.0.1', 9999, { maxLineLength: 0 }),
        /maxLineLength must be a whole number >= 1, got 0/,
      ],
      [
        () => ssc.socketTextStream('127.0.0.1', 9999, { onBadRecord: 'ignore' as 'skip' }),
        /onBadRecord must be 'fail' or 'skip', got ignore/,
      ],
      [
        () => ssc.socketTextStream('127.0.0.1', 9999, { strictUtf8: 'yes' as unknown as boolean }),
        /strictUtf8 must be true or false, got yes/,
      ],
      [
        () => ssc.socketTextStream('127.0.0.1', 9999, { blockIntervalMs: 0 }),
        /blockIntervalMs must be a whole number >= 1, got 0/,
      ],
    ];
    for (const [make, message] of refused) {
      assert.throws(make, (e: Error) => e instanceof InvalidArgumentError && message.test(e.message));
    }
  });
});

/** Like `socketProgram`, but keeps each batch's partitions (one per block) by batch time. */
function blockProgram(port: number, options: SocketTextStreamOptions = {}, checkpointDir?: string, startMs = 0) {
  const clock = new ManualClock(startMs);
  const ssc = new StreamingContext({ batchDurationMs: 1000, clock });
  if (checkpointDir !== undefined) ssc.checkpoint(checkpointDir);
  const lines = ssc.socketTextStream('127.0.0.1', port, { retryDelayMs: 1, ...options });
  const batches = new Map<number, string[][]>();
  lines.foreachRDD((rdd, time) => {
    batches.set(time, rdd.glom().collect());
  });
  return { ssc, clock, lines, batches, log: new EventLog(ssc) };
}

describe('socketTextStream on the receiver framework', () => {
  it('cuts lines into blocks per block interval, one partition each', async () => {
    const { server, port, nextConnection } = await lineServer();
    const { ssc, clock, lines, batches, log } = blockProgram(port, { blockIntervalMs: 250 });
    ssc.start();
    const conn = await nextConnection();
    await write(conn, 'a\nb\n');
    await lines.whenReceived(2);
    clock.advance(300);
    await write(conn, 'c\n');
    await lines.whenReceived(3);
    clock.advance(700);
    await log.batchCompleted(1000);
    assert.deepEqual(batches.get(1000), [['a', 'b'], ['c']]);
    assert.deepEqual(
      log.of('receiverStarted').map((e) => e.name),
      ['SocketReceiver'],
    );
    await ssc.stop();
    server.close();
  });

  it('after the server closes: reports the stop, reconnects, and keeps every line in order across connections', async () => {
    const { server, port, nextConnection } = await lineServer();
    const { ssc, clock, lines, batches, log } = blockProgram(port);
    ssc.start();
    const first = await nextConnection();
    await write(first, 'one\ntwo\n');
    await lines.whenReceived(2);
    first.end();
    const second = await nextConnection();
    assert.equal(
      log.of('receiverStopped')[0].message,
      `connection to 127.0.0.1:${port} lost: the server closed the connection; connecting again`,
    );
    await write(second, 'three\n');
    await lines.whenReceived(3);
    assert.equal(lines.status, 'connected');
    second.destroy();
    const third = await nextConnection();
    await write(third, 'four\n');
    await lines.whenReceived(4);
    clock.advance(1000);
    await log.batchCompleted(1000);
    assert.deepEqual(batches.get(1000)?.flat(), ['one', 'two', 'three', 'four']);
    assert.equal(log.of('receiverStarted').length, 3, 'started again after each loss');
    assert.equal(log.of('receiverStopped').length, 2);
    await ssc.stop();
    assert.equal(lines.status, 'stopped');
    server.close();
  });

  it('by default, invalid UTF-8 becomes U+FFFD, as a Java reader makes it', async () => {
    const { server, port, nextConnection } = await lineServer();
    const { ssc, clock, lines, batches, log } = blockProgram(port);
    ssc.start();
    const conn = await nextConnection();
    await write(conn, Buffer.from([0x61, 0xff, 0x62, 0x0a, 0x63, 0x0a]));
    await lines.whenReceived(2);
    clock.advance(1000);
    await log.batchCompleted(1000);
    assert.deepEqual(batches.get(1000)?.flat(), ['a\uFFFDb', 'c']);
    await ssc.stop();
    server.close();
  });

  it("with strictUtf8 and onBadRecord 'skip', drops a line that is not UTF-8, counts it and reports it", async () => {
    const { server, port, nextConnection } = await lineServer();
    const { ssc, clock, lines, batches, log } = blockProgram(port, { strictUtf8: true, onBadRecord: 'skip' });
    ssc.start();
    const conn = await nextConnection();
    await write(conn, Buffer.concat([Buffer.from('good\n'), Buffer.from([0xc3, 0x28, 0x0a]), Buffer.from('café\n')]));
    await lines.whenReceived(2);
    clock.advance(1000);
    await log.batchCompleted(1000);
    assert.deepEqual(batches.get(1000)?.flat(), ['good', 'café']);
    assert.equal(lines.skipped, 1);
    const [reported] = log.of('receiverError');
    assert.ok(reported.error instanceof BadRecordError);
    assert.match(
      reported.message,
      new RegExp(
        `^skipped a bad line: socketTextStream \\(stream 0\\) at [^ ]+: bad record at line 2 from 127\\.0\\.0\\.1:${port}: not valid UTF-8 \\(2 bytes, starting with hex c328\\)$`,
      ),
    );
    await ssc.stop();
    server.close();
  });

  it("with strictUtf8 and the default 'fail', the lines before the bad one make their batch and the next batch fails", async () => {
    const { server, port, nextConnection } = await lineServer();
    const { ssc, clock, lines, batches, log } = blockProgram(port, { strictUtf8: true });
    const termination = ssc.awaitTermination();
    ssc.start();
    const conn = await nextConnection();
    await write(conn, Buffer.concat([Buffer.from('x\ny\n'), Buffer.from([0xe2, 0x82, 0x0a]), Buffer.from('z\n')]));
    await assert.rejects(lines.whenReceived(3), (e: Error) => e instanceof BadRecordError && /line 3 /.test(e.message));
    assert.equal(lines.status, 'failed');
    clock.advance(1000);
    await log.batchCompleted(1000);
    assert.deepEqual(batches.get(1000)?.flat(), ['x', 'y']);
    clock.advance(1000);
    await assert.rejects(termination, (e: Error) => {
      assert.match(e.message, /Batch 2000 ms failed/);
      assert.ok(e.cause instanceof SourceConnectionError);
      assert.match(e.cause.message, /batch 2000 ms cannot be served: .*bad record at line 3 .*not valid UTF-8/);
      assert.ok(e.cause.cause instanceof BadRecordError);
      return true;
    });
    server.close();
  });

  it("with onBadRecord 'skip', an over-long line is dropped up to its line end, across writes, and reading goes on", async () => {
    const { server, port, nextConnection } = await lineServer();
    const { ssc, clock, lines, batches, log } = blockProgram(port, { maxLineLength: 4, onBadRecord: 'skip' });
    ssc.start();
    const conn = await nextConnection();
    await write(conn, 'ok\n0123456');
    // The first write is read (and its unended line found too long) before the second is sent.
    await lines.whenReceived(1);
    await write(conn, '789\nfine\nlonger\nend');
    conn.end();
    await lines.whenReceived(3);
    clock.advance(1000);
    await log.batchCompleted(1000);
    assert.deepEqual(batches.get(1000)?.flat(), ['ok', 'fine', 'end']);
    assert.equal(lines.skipped, 2);
    assert.deepEqual(
      log
        .of('receiverError')
        .map((e) => /line (\d+) .*: (longer than maxLineLength \(4 characters\)[^(]*)/.exec(e.message)?.slice(1)),
      [
        ['2', 'longer than maxLineLength (4 characters) with no line end yet '],
        ['4', 'longer than maxLineLength (4 characters) '],
      ],
    );
    await ssc.stop();
    server.close();
  });

  it('with writeAheadLog, lines stored but not yet in a batch survive a stop and come in the next batch after a restart', async () => {
    const { server, port, nextConnection } = await lineServer();
    const dir = mkdtempSync(join(tmpdir(), 'sluice-socket-wal-'));
    const first = blockProgram(port, { writeAheadLog: true }, dir);
    first.ssc.start();
    const conn = await nextConnection();
    await write(conn, 'kept\nin the log\n');
    await first.lines.whenReceived(2);
    // A hard stop: the lines are in the block generator, not yet in a batch; stopping makes them a block.
    await first.ssc.stop({ stopGracefully: false });
    assert.equal(first.batches.size, 0);

    let second: ReturnType<typeof blockProgram> | undefined;
    const ssc = StreamingContext.getOrCreate(dir, () => {
      second = blockProgram(port, { writeAheadLog: true }, dir, 0);
      return second.ssc;
    });
    assert.ok(second !== undefined);
    ssc.start();
    await nextConnection();
    second.clock.advance(1000);
    await second.log.batchCompleted(1000);
    assert.deepEqual(second.batches.get(1000), [['kept', 'in the log']]);
    await ssc.stop();
    server.close();
  });
});
