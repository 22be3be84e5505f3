// Inputs and expected outputs shared by the windowed aggregation cases of Spark's WindowOperationsSuite.

export const largerSlideInput: [string, number][][] = [
  [['a', 1]],
  [['a', 2]],
  [['a', 3]],
  [['a', 4]],
  [['a', 5]],
  [['a', 6]],
  [],
  [],
];

export const largerSlideReduceOutput: [string, number][][] = [[['a', 3]], [['a', 10]], [['a', 18]], [['a', 11]]];

const a: [string, number] = ['a', 1];
const b: [string, number] = ['b', 1];
const c: [string, number] = ['c', 1];
export const bigInput: [string, number][][] = [
  [a],
  [a, b],
  [a, b, c],
  [a, b],
  [a],
  [],
  [a],
  [a, b],
  [a, b, c],
  [a, b],
  [a],
  [],
];

const half: [string, number][][] = [
  [['a', 1]],
  [
    ['a', 2],
    ['b', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 1],
  ],
  [['a', 1]],
];
export const bigReduceOutput: [string, number][][] = [...half, ...half];

/** With an inverse function and no filter, keys stay in the window with the value 0. */
export const bigReduceInvOutput: [string, number][][] = [
  [['a', 1]],
  [
    ['a', 2],
    ['b', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 1],
    ['c', 0],
  ],
  [
    ['a', 1],
    ['b', 0],
    ['c', 0],
  ],
  [
    ['a', 1],
    ['b', 0],
    ['c', 0],
  ],
  [
    ['a', 2],
    ['b', 1],
    ['c', 0],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 2],
    ['c', 1],
  ],
  [
    ['a', 2],
    ['b', 1],
    ['c', 0],
  ],
  [
    ['a', 1],
    ['b', 0],
    ['c', 0],
  ],
];

export const bigGroupByOutput: [string, number[]][][] = bigReduceOutput.map((batch) =>
  batch.map(([k, n]): [string, number[]] => [k, new Array(n).fill(1)]),
);
