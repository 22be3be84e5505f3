import assert from 'node:assert/strict';
import { it } from 'node:test';

it('runs on Node.js 24 (the node@24 dev dependency), not the machine default', () => {
  assert.equal(process.versions.node.split('.')[0], '24');
});
