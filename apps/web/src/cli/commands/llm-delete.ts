import { parseArgs } from 'node:util';
import { type CliIo, CommandError, UsageError } from '../cli-io';
import { withRuntime } from '../open-runtime';

export async function llmDelete(argv: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true });
  const [publicId, ...rest] = positionals;
  if (!publicId || rest.length > 0) throw new UsageError('Usage: pnpm gateway llm:delete <public_id>');
  return withRuntime(io, async (runtime) => {
    if (!(await runtime.customLlms.delete(publicId))) throw new CommandError(`No custom LLM "${publicId}".`);
    io.stdout(`Deleted "${publicId}".\n`);
    return 0;
  });
}
