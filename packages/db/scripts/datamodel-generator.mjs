#!/usr/bin/env node
// A Prisma generator that writes the DMMF datamodel to JSON: the migration drift test
// compares it with the migrated database's catalog.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import generatorHelper from '@prisma/generator-helper';

generatorHelper.generatorHandler({
  onManifest: () => ({ prettyName: 'Tributary datamodel dump', defaultOutput: 'datamodel.json' }),
  onGenerate: async (options) => {
    const out = options.generator.output?.value;
    if (!out) throw new Error('datamodel generator needs an output path');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(options.dmmf.datamodel, null, 2)}\n`);
  },
});
