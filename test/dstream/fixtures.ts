// Inputs and harness settings shared by the tests ported from Spark's suites.

export const pyspark = { batchDurationMs: 500, numInputPartitions: 1, defaultParallelism: 1 };

export const java = { numInputPartitions: 1 };

export const from = (start: number, n: number) => Array.from({ length: n }, (_, i) => start + i);

/** `[0, 1, …, n − 1]`. */
export const range = (n: number) => from(0, n);

export const add = (a: number, b: number) => a + b;

/** The letters input of Spark's updateStateByKey and mapWithState cases: a, ab, abc, ab, a, nothing. */
export const letters = [['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b'], ['a'], []];

/** updateStateByKey's running sum: the batch's values plus the previous state. */
export const sumUpdate = (values: number[], state: number | undefined) =>
  values.reduce((a, b) => a + b, 0) + (state ?? 0);

export const words = [['a', 'a', 'b'], ['', ''], []];

export const stringStringKV = [
  [
    ['california', 'dodgers'],
    ['california', 'giants'],
    ['new york', 'yankees'],
    ['new york', 'mets'],
  ],
  [
    ['california', 'sharks'],
    ['california', 'ducks'],
    ['new york', 'rangers'],
    ['new york', 'islanders'],
  ],
];

export const stringIntKV = [
  [
    ['california', 1],
    ['california', 3],
    ['new york', 4],
    ['new york', 1],
  ],
  [
    ['california', 5],
    ['california', 5],
    ['new york', 3],
    ['new york', 1],
  ],
];

export const oneToTwelve = [
  [1, 2, 3, 4],
  [5, 6, 7, 8],
  [9, 10, 11, 12],
];

export const hundreds = [
  [1, 2, 3, 4],
  [101, 102, 103, 104],
  [201, 202, 203, 204],
];

/** Java's cogroup/join input: two streams of [state, team] pairs, two batches each. */
export const teams = [
  [
    [
      ['california', 'dodgers'],
      ['new york', 'yankees'],
    ],
    [
      ['california', 'sharks'],
      ['new york', 'rangers'],
    ],
  ],
  [
    [
      ['california', 'giants'],
      ['new york', 'mets'],
    ],
    [
      ['california', 'ducks'],
      ['new york', 'islanders'],
    ],
  ],
];
