import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchContext, EmptyDatasetError, InvalidArgumentError } from '../../src/index.ts';

// Expected values come from Spark 4.0.0 running the same calls (see each case for what is deterministic there).
const sc = new BatchContext();
const letters = (parts: number) =>
  sc.parallelize(
    Array.from({ length: 26 }, (_, i) => String.fromCharCode(97 + i)),
    parts,
  );
const concat = (a: string, b: string): string => a + b;
const bar = (a: string, b: string): string => `${a}|${b}`;

describe('treeAggregate and treeReduce', () => {
  it('combine partition results in Spark levels (the groups of each level as Spark forms them)', () => {
    // Spark: partitions i ≡ k (mod 4) are combined first (26 partitions, depth 2); it then merges those
    // four groups in task completion order, Sluice in partition order.
    assert.equal(
      letters(26).treeAggregate('', concat, bar),
      '|||a||e||i||m||q||u||y|||b||f||j||n||r||v||z|||c||g||k||o||s||w|||d||h||l||p||t||x',
    );
    // Depth 3 over 26: two levels, into 8 partitions and then 2.
    assert.equal(
      letters(26).treeAggregate('', concat, bar, 3),
      '||||a||i||q||y|||c||k||s|||e||m||u|||g||o||w||||b||j||r||z|||d||l||t|||f||n||v|||h||p||x',
    );
    assert.equal(letters(10).treeReduce(concat), 'abfgklmpqruvwcdehijnostxyz');
    assert.equal(letters(3).treeAggregate('', concat, bar), '||abcdefgh||ijklmnopq||rstuvwxyz');
    assert.equal(letters(10).treeAggregate('', concat, bar, 1), '||ab||cde||fg||hij||klm||no||pqr||st||uvw||xyz');
  });

  it('give aggregate and reduce results for associative operations', () => {
    const nums = sc.parallelize(
      Array.from({ length: 100 }, (_, i) => i),
      17,
    );
    for (const depth of [1, 2, 3, 5]) {
      assert.equal(
        nums.treeAggregate(
          0,
          (a, x) => a + x,
          (a, b) => a + b,
          depth,
        ),
        4950,
      );
      assert.equal(
        nums.treeReduce((a, b) => Math.max(a, b), depth),
        99,
      );
    }
  });

  it('handle empty partitions and datasets, and reject a depth below 1', () => {
    assert.deepEqual(
      sc.emptyRDD<number>().treeAggregate(
        [] as number[],
        (a, x) => [...a, x],
        (a, b) => [...a, ...b],
      ),
      [],
    );
    assert.equal(
      sc.parallelize([5], 4).treeReduce((a, b) => a + b),
      5,
    );
    assert.throws(() => sc.parallelize<number>([], 3).treeReduce((a, b) => a + b), EmptyDatasetError);
    assert.throws(() => letters(3).treeReduce(concat, 0), InvalidArgumentError);
  });
});

describe('filterByRange', () => {
  const pairs = () =>
    sc.parallelize(
      Array.from({ length: 30 }, (_, i): [number, string] => [(i * 7) % 30, `v${i}`]),
      3,
    );
  const show = (parts: [number, string][][]): string[][] => parts.map((p) => p.map(([k, v]) => `${k}${v}`));

  it('on range-partitioned data reads only the partitions that can hold the range', () => {
    const f = pairs().sortByKey(true, 4).filterByRange(5, 17);
    assert.equal(f.numPartitions, 3);
    assert.equal(f.partitioner, undefined);
    assert.deepEqual(show(f.collectPartitions()), [
      ['5v5', '6v18', '7v1'],
      ['8v14', '9v27', '10v10', '11v23', '12v6', '13v19', '14v2'],
      ['15v15', '16v28', '17v11'],
    ]);
    const desc = pairs().sortByKey(false, 4).filterByRange(5, 17);
    assert.deepEqual(show(desc.collectPartitions()), [
      ['17v11', '16v28', '15v15'],
      ['14v2', '13v19', '12v6', '11v23', '10v10', '9v27', '8v14'],
      ['7v1', '6v18', '5v5'],
    ]);
  });

  it('on other data filters every partition', () => {
    assert.deepEqual(show(pairs().filterByRange(5, 17).collectPartitions()), [
      ['7v1', '14v2', '5v5', '12v6'],
      ['10v10', '17v11', '8v14', '15v15', '6v18', '13v19'],
      ['11v23', '9v27', '16v28'],
    ]);
  });
});
