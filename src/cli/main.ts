#!/usr/bin/env node
// The `sluice` command. `sluice run <app-module> [args...]` runs an application module (see AppMain in
// load-app.ts); `sluice version` prints the version.
import { Command } from 'commander';
import { packageVersion } from './package-version.ts';
import { runApp } from './run-app.ts';

const program = new Command('sluice')
  .description('Stream processing on the model of Spark Streaming')
  .version(packageVersion())
  .enablePositionalOptions();

program
  .command('run')
  .description('build the StreamingContext of an app module, start it, and wait until it stops')
  .argument('<app-module>', 'path of an ES module whose default export is (args) => StreamingContext')
  .argument('[args...]', 'arguments for the app: everything after the module (a leading -- is dropped)')
  .passThroughOptions()
  .action(async (appModule: string, args: string[]) => {
    const code = await runApp(appModule, args[0] === '--' ? args.slice(1) : args);
    // Exit even if the app left timers or sockets open, once everything written has been flushed.
    await Promise.all([process.stdout, process.stderr].map((out) => new Promise((done) => out.write('', done))));
    process.exit(code);
  });

program
  .command('version')
  .description('print the version of sluice')
  .action(() => console.log(packageVersion()));

await program.parseAsync();
