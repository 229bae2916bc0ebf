import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplatePath: string;
  }
}

/**
 * vitest globalSetup: runs initdb once into a dump that every test's in-memory PGlite loads,
 * since initdb is most of PGlite's start-up time. Cached per PGlite version across runs.
 */
export default async function setup(project: TestProject): Promise<void> {
  const templatePath = path.join(
    tmpdir(),
    'gateway-db-tests',
    `pglite-${await pgliteVersion(project.config.root)}.tar`,
  );
  if (!(await exists(templatePath))) {
    const pglite = await PGlite.create('memory://');
    const dump = await pglite.dumpDataDir('none');
    await pglite.close();
    await mkdir(path.dirname(templatePath), { recursive: true });
    // Write then rename, so a concurrent run never reads a half-written file.
    const partialPath = `${templatePath}.${process.pid}.partial`;
    await writeFile(partialPath, Buffer.from(await dump.arrayBuffer()));
    await rename(partialPath, templatePath);
  }
  project.provide('pgliteTemplatePath', templatePath);
}

// The package does not export its package.json, so read it from this package's node_modules.
async function pgliteVersion(packageRoot: string): Promise<string> {
  const packageJsonPath = path.join(packageRoot, 'node_modules/@electric-sql/pglite/package.json');
  const packageJson: { version: string } = JSON.parse(await readFile(packageJsonPath, 'utf8'));
  return packageJson.version;
}

async function exists(filePath: string): Promise<boolean> {
  return stat(filePath).then(
    () => true,
    () => false,
  );
}
