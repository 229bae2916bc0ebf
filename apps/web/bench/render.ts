/** Re-renders BENCHMARKS.md from the last `pnpm bench` results (e.g. after editing profile-notes.md). */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type BenchResults, LAST_RESULTS_FILE, renderReport } from './report';
import { ROOT_DIRECTORY } from './services';

const results = JSON.parse(readFileSync(LAST_RESULTS_FILE, 'utf8')) as BenchResults;
writeFileSync(path.join(ROOT_DIRECTORY, 'BENCHMARKS.md'), renderReport(results));
console.log(`BENCHMARKS.md re-rendered from ${LAST_RESULTS_FILE}`);
