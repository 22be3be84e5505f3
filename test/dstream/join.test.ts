// Spark's own cases for the two-stream key operations (cogroup, join, leftOuterJoin, rightOuterJoin,
// fullOuterJoin), from BasicOperationsSuite, JavaAPISuite and PySpark's test_dstream.py.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DStream } from '../../src/index.ts';
import { runStreams } from '../../src/testing/index.ts';
import { assertBatchesSortedByKey, assertBatchesUnordered } from './expect.ts';
import { java, pyspark, teams } from './fixtures.ts';

type Words = DStream<string>;
const left = [['a', 'b'], ['a', ''], [''], []];
const right = [['a', 'b'], ['b', ''], [], ['']];
const ones = (s: Words) => s.map((x): [string, number] => [x, 1]);
const xs = (s: Words) => s.map((x): [string, string] => [x, 'x']);
describe('cogroup and joins (Spark BasicOperationsSuite)', () => {
  it('cogroup (BasicOperationsSuite)', async () => {
    const out = await runStreams(
      [
        [['a', 'a', 'b'], ['a', ''], [''], []],
        [['a', 'a', 'b'], ['b', ''], [], []],
      ],
      (s1: Words, s2: Words) => ones(s1).cogroup(xs(s2)),
      4,
    );
    assertBatchesUnordered(out, [
      [
        [
          'a',
          [
            [1, 1],
            ['x', 'x'],
          ],
        ],
        ['b', [[1], ['x']]],
      ],
      [
        ['a', [[1], []]],
        ['b', [[], ['x']]],
        ['', [[1], ['x']]],
      ],
      [['', [[1], []]]],
      [],
    ]);
  });

  it('join (BasicOperationsSuite)', async () => {
    const out = await runStreams([left, right], (s1: Words, s2: Words) => ones(s1).join(xs(s2)), 4);
    assertBatchesUnordered(out, [
      [
        ['a', [1, 'x']],
        ['b', [1, 'x']],
      ],
      [['', [1, 'x']]],
      [],
      [],
    ]);
  });

  it('leftOuterJoin (BasicOperationsSuite)', async () => {
    const out = await runStreams([left, right], (s1: Words, s2: Words) => ones(s1).leftOuterJoin(xs(s2)), 4);
    assertBatchesUnordered(out, [
      [
        ['a', [1, 'x']],
        ['b', [1, 'x']],
      ],
      [
        ['', [1, 'x']],
        ['a', [1, undefined]],
      ],
      [['', [1, undefined]]],
      [],
    ]);
  });

  it('rightOuterJoin (BasicOperationsSuite)', async () => {
    const out = await runStreams([left, right], (s1: Words, s2: Words) => ones(s1).rightOuterJoin(xs(s2)), 4);
    assertBatchesUnordered(out, [
      [
        ['a', [1, 'x']],
        ['b', [1, 'x']],
      ],
      [
        ['', [1, 'x']],
        ['b', [undefined, 'x']],
      ],
      [],
      [['', [undefined, 'x']]],
    ]);
  });

  it('fullOuterJoin (BasicOperationsSuite)', async () => {
    const out = await runStreams([left, right], (s1: Words, s2: Words) => ones(s1).fullOuterJoin(xs(s2)), 4);
    assertBatchesUnordered(out, [
      [
        ['a', [1, 'x']],
        ['b', [1, 'x']],
      ],
      [
        ['', [1, 'x']],
        ['a', [1, undefined]],
        ['b', [undefined, 'x']],
      ],
      [['', [1, undefined]]],
      [['', [undefined, 'x']]],
    ]);
  });
});

describe('cogroup and joins (Spark JavaAPISuite)', () => {
  type Teams = DStream<[string, string]>;

  it('testCoGroup (JavaAPISuite)', async () => {
    const out = await runStreams(teams, (a: Teams, b: Teams) => a.cogroup(b), 2, java);
    assert.deepStrictEqual(out, [
      [
        ['california', [['dodgers'], ['giants']]],
        ['new york', [['yankees'], ['mets']]],
      ],
      [
        ['california', [['sharks'], ['ducks']]],
        ['new york', [['rangers'], ['islanders']]],
      ],
    ]);
  });

  it('testJoin (JavaAPISuite)', async () => {
    const out = await runStreams(teams, (a: Teams, b: Teams) => a.join(b), 2, java);
    assert.deepStrictEqual(out, [
      [
        ['california', ['dodgers', 'giants']],
        ['new york', ['yankees', 'mets']],
      ],
      [
        ['california', ['sharks', 'ducks']],
        ['new york', ['rangers', 'islanders']],
      ],
    ]);
  });

  it('testLeftOuterJoin (JavaAPISuite)', async () => {
    const out = await runStreams(
      [
        [
          [
            ['california', 'dodgers'],
            ['new york', 'yankees'],
          ],
          [['california', 'sharks']],
        ],
        [[['california', 'giants']], [['new york', 'islanders']]],
      ],
      (a: Teams, b: Teams) => a.leftOuterJoin(b).count(),
      2,
      java,
    );
    assert.deepStrictEqual(out, [[2], [1]]);
  });
});

describe('cogroup and joins (PySpark test_dstream)', () => {
  type Pairs = DStream<[string | number, number]>;
  const ab = [
    [
      ['a', 1],
      ['b', 2],
    ],
  ];
  const bc = [
    [
      ['b', 3],
      ['c', 4],
    ],
  ];

  it('test_cogroup (PySpark BasicOperationTests)', async () => {
    const out = await runStreams(
      [
        [
          [
            [1, 1],
            [2, 1],
            [3, 1],
          ],
          [
            [1, 1],
            [1, 1],
            [1, 1],
            [2, 1],
          ],
          [
            ['a', 1],
            ['a', 1],
            ['b', 1],
            ['', 1],
            ['', 1],
          ],
        ],
        [
          [[1, 2]],
          [[4, 1]],
          [
            ['a', 1],
            ['a', 1],
            ['b', 1],
            ['', 1],
            ['', 2],
          ],
        ],
      ],
      (a: Pairs, b: Pairs) => a.cogroup(b),
      3,
      pyspark,
    );
    assertBatchesSortedByKey(out, [
      [
        [1, [[1], [2]]],
        [2, [[1], []]],
        [3, [[1], []]],
      ],
      [
        [1, [[1, 1, 1], []]],
        [2, [[1], []]],
        [4, [[], [1]]],
      ],
      [
        [
          'a',
          [
            [1, 1],
            [1, 1],
          ],
        ],
        ['b', [[1], [1]]],
        [
          '',
          [
            [1, 1],
            [1, 2],
          ],
        ],
      ],
    ]);
  });

  it('test_join (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([ab, bc], (a: Pairs, b: Pairs) => a.join(b), 1, pyspark);
    assertBatchesSortedByKey(out, [[['b', [2, 3]]]]);
  });

  it('test_left_outer_join (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([ab, bc], (a: Pairs, b: Pairs) => a.leftOuterJoin(b), 1, pyspark);
    assertBatchesSortedByKey(out, [
      [
        ['a', [1, undefined]],
        ['b', [2, 3]],
      ],
    ]);
  });

  it('test_right_outer_join (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([ab, bc], (a: Pairs, b: Pairs) => a.rightOuterJoin(b), 1, pyspark);
    assertBatchesSortedByKey(out, [
      [
        ['b', [2, 3]],
        ['c', [undefined, 4]],
      ],
    ]);
  });

  it('test_full_outer_join (PySpark BasicOperationTests)', async () => {
    const out = await runStreams([ab, bc], (a: Pairs, b: Pairs) => a.fullOuterJoin(b), 1, pyspark);
    assertBatchesSortedByKey(out, [
      [
        ['a', [1, undefined]],
        ['b', [2, 3]],
        ['c', [undefined, 4]],
      ],
    ]);
  });
});
