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

// Each third-party library lives in one place, behind our own interface, so it can be replaced there alone.
const libraryHomes = [
  { library: '@platformatic/kafka', home: '^src/kafka/' },
  { library: 'lmdb', home: '^src/state/' },
  { library: 'msgpackr', home: '^src/core/codec' },
  { library: 'pg', home: '^src/sinks/postgres/' },
];
const libraryRules = libraryHomes.map(({ library, home }) => ({
  name: `only-${home.replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '')}-imports-${library.replace(/[^a-z]+/g, '-').replace(/^-/, '')}`,
  comment: `${library} is imported only under ${home.slice(1)}`,
  severity: 'error',
  from: { path: '^src/', pathNot: home },
  // The module name when the resolver leaves a package unresolved, its path under node_modules otherwise.
  to: { path: `(^|/)node_modules/${library}/|^${library}(/|$)` },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    ...libraryRules,
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
