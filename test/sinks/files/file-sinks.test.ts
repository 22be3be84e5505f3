import { readFileSync } from 'node:fs';
import { jsonFilesSink, msgpackFilesSink, readMsgpackFile } from '../../../src/index.ts';
import { runSinkContract } from '../sink.contract.ts';

const lines = (path: string): string[] => {
  const text = readFileSync(path, 'utf8');
  return text === '' ? [] : text.replace(/\n$/, '').split('\n');
};

runSinkContract<string>('saveAsTextFiles', {
  attach: (stream, prefix) => stream.saveAsTextFiles(prefix),
  readPart: lines,
  batches: [['a', 'b', 'c'], ['d', 'e'], []],
});

type Event = { id: number; tags: string[]; at: string | null };
runSinkContract<Event>('jsonFilesSink', {
  attach: (stream, prefix) => stream.foreachRDD(jsonFilesSink(prefix)),
  readPart: (path) => lines(path).map((l) => JSON.parse(l) as Event),
  batches: [
    [
      { id: 1, tags: ['x'], at: null },
      { id: 2, tags: [], at: '2024' },
    ],
    [{ id: 3, tags: ['y', 'z'], at: null }],
    [],
  ],
});

runSinkContract<unknown>('msgpackFilesSink', {
  attach: (stream, prefix) => stream.foreachRDD(msgpackFilesSink(prefix)),
  readPart: readMsgpackFile,
  batches: [
    [new Map([['k', 1n]]), { id: 1, when: new Date(5), missing: undefined }, 'text'],
    [new Set([1, 2]), [1, [2, 3]], null],
    [],
  ],
});
