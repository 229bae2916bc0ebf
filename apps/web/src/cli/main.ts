import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CliIo, CommandError, createTerminalPrompter, UsageError } from './cli-io';
import { adminTokensCreate, adminTokensList, adminTokensRevoke } from './commands/admin-tokens';
import { keysLimits } from './commands/key-limit-flags';
import { keysCreate, keysList, keysRevoke } from './commands/keys';
import { ADD_BEDROCK_USAGE, llmAddBedrock } from './commands/llm-add-bedrock';
import { llmDelete } from './commands/llm-delete';
import { llmList } from './commands/llm-list';
import { secretsRotate } from './commands/secrets-rotate';

const COMMANDS: Record<string, (argv: string[], io: CliIo) => Promise<number>> = {
  'llm:add-bedrock': llmAddBedrock,
  'llm:list': llmList,
  'llm:delete': llmDelete,
  'keys:create': keysCreate,
  'keys:list': keysList,
  'keys:revoke': keysRevoke,
  'keys:limits': keysLimits,
  'secrets:rotate': secretsRotate,
  'admin-tokens:create': adminTokensCreate,
  'admin-tokens:list': adminTokensList,
  'admin-tokens:revoke': adminTokensRevoke,
};

export const USAGE = `AI gateway CLI: set up custom LLMs and caller keys from scripts.
Uses the gateway's database: DATABASE_URL, or the embedded one under GATEWAY_DATA_DIR (default .data).

${ADD_BEDROCK_USAGE}

pnpm gateway llm:list [--json]          definitions, secrets redacted
pnpm gateway llm:delete <public_id>
pnpm gateway keys:create --name NAME [--allowed-model ID ...] [limits]   prints the new key once (stdout)
pnpm gateway keys:limits <id> [limits] | --clear   replaces the key's limits
    limits: --rpm N --tpm N --max-concurrent N --monthly-tokens N --monthly-usd X --daily-usd X
pnpm gateway keys:list
pnpm gateway keys:revoke <id>
pnpm gateway admin-tokens:create --name NAME   a named admin token, printed once (stdout)
pnpm gateway admin-tokens:list
pnpm gateway admin-tokens:revoke <id>   also ends the console sessions it opened
pnpm gateway secrets:rotate             re-encrypt all secrets under GATEWAY_ENCRYPTION_KEY,
                                        opening old ones with GATEWAY_ENCRYPTION_KEY_PREVIOUS (comma list)

Exit codes: 0 done, 1 failed (not found, invalid, database), 2 wrong usage.
`;

/** Runs one command; returns the exit code. Errors are printed as one line, secrets never. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.stderr(`Unknown command "${command}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n`);
    return 2;
  }
  try {
    return await run([...rest], io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    // node:util parseArgs reports unknown or malformed flags with this code.
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${(error as Error).message}. Run "pnpm gateway help".\n`);
      return 2;
    }
    if (error instanceof CommandError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    io.stderr(`Failed: ${describeUnexpected(error)}\n`);
    return 1;
  } finally {
    io.prompter?.close();
  }
}

/** A database or config error in one line, without connection strings (they may hold a password). */
function describeUnexpected(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (
    message.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s@/]*@/gi, '<redacted>@').split('\n')[0] ?? 'unknown error'
  );
}

const invokedDirectly = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const io: CliIo = {
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  };
  const argv = process.argv.slice(2);
  if (interactive) io.prompter = createTerminalPrompter(process.stdin, process.stdout);
  main(argv, io).then((code) => {
    process.exitCode = code;
  });
}
