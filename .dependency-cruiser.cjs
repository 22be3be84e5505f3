// The layer rule of DESIGN.md: a folder imports only folders of a lower level, never a peer or a higher
// one; no import cycles (type-only imports excepted, they vanish at runtime); cross-folder imports go
// through the folder's index.ts; nothing inside src imports the public src/index.ts.
const levels = [
  ['core'],
  ['rdd'],
  ['exec', 'state', 'checkpoint', 'kafka'],
  ['dstream'],
  ['receiver'],
  ['scheduler'],
  ['sources', 'sinks'],
  ['ui'],
  ['context'],
  ['testing', 'cli'],
];
const layerRules = levels.flatMap((folders, level) =>
  folders.map((folder) => {
    const notBelow = levels.slice(level).flat().filter((f) => f !== folder);
    return {
      name: `layer-${folder}`,
      comment: `${folder} (level ${level}) may import only folders of a lower level`,
      severity: 'error',
      from: { path: `^src/${folder}/` },
      to: { path: `^src/(${notBelow.join('|')})/` },
    };
  }),
);

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-public-index-inside',
      comment: 'src/index.ts is the public API; internal code imports the folder it needs',
      severity: 'error',
      from: { path: '^src/.+/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'cross-folder-through-index',
      comment: "another folder's internals are reached through its index.ts",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/.+', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
