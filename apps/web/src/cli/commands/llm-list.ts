import { parseArgs } from 'node:util';
import { bedrockAuthMode } from '@gateway/ai-gateway';
import type { CliIo } from '../cli-io';
import { formatTable } from '../format-table';
import { withRuntime } from '../open-runtime';

/** Every definition, secrets redacted: a table, or JSON with --json. */
export async function llmList(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
  return withRuntime(io, async (runtime) => {
    const items = await runtime.customLlms.list();
    if (values.json) {
      io.stdout(`${JSON.stringify(items, null, 2)}\n`);
      return 0;
    }
    if (items.length === 0) {
      io.stdout('No custom LLMs.\n');
      return 0;
    }
    const rows = items.map((item) => {
      const bedrock = item.definition.aws_bedrock;
      const provider = bedrock
        ? `bedrock (${bedrockAuthMode(bedrock).replace('_', ' ')}, ${bedrock.region})`
        : item.definition.openclaw_settings?.api_adapter === 'anthropic-messages'
          ? 'anthropic'
          : 'openai-compatible';
      return [item.public_id, provider, item.definition.internal_id, item.updated_at];
    });
    io.stdout(formatTable(['PUBLIC ID', 'PROVIDER', 'UPSTREAM MODEL', 'UPDATED'], rows));
    return 0;
  });
}
