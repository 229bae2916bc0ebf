import { parseArgs } from 'node:util';
import { AWS_REGION_PATTERN, describeIssues } from '@gateway/ai-gateway';
import { BEDROCK_CLAUDE_MODELS, inferenceProfileIdFor } from '@gateway/ai-gateway/definition';
import { publicIdIssue } from '../../server/admin/custom-llm-service';
import { type CliIo, CommandError, type Prompter, UsageError } from '../cli-io';
import { withRuntime } from '../open-runtime';

export const ADD_BEDROCK_USAGE = `pnpm gateway llm:add-bedrock [flags]
  Adds (or with --replace, replaces) a Bedrock custom LLM. Without flags on a terminal it asks.
  --public-id ID              model name callers send (required)
  --region REGION             AWS region, e.g. us-east-1 (required)
  --model ID                  Bedrock model id, inference-profile id or ARN (required)
  --access-key-id ID          auth: access keys (secret from --secret-access-key or AWS_SECRET_ACCESS_KEY)
  --secret-access-key SECRET  (prefer the env var: flags end up in shell history)
  --session-token TOKEN       temporary credentials (or AWS_SESSION_TOKEN)
  --api-key KEY               auth: Bedrock API key (or --auth api-key with AWS_BEARER_TOKEN_BEDROCK)
  --default-credentials       auth: the server's AWS default credential chain
  --auth MODE                 access-keys | api-key | default-credentials (reads secrets from env)
  --display-name NAME  --base-url URL  --alias NAME (repeatable)  --context-length N
  --replace                   overwrite an existing definition with this public id`;

const OPTIONS = {
  'public-id': { type: 'string' },
  region: { type: 'string' },
  model: { type: 'string' },
  'access-key-id': { type: 'string' },
  'secret-access-key': { type: 'string' },
  'session-token': { type: 'string' },
  'api-key': { type: 'string' },
  'default-credentials': { type: 'boolean' },
  auth: { type: 'string' },
  'display-name': { type: 'string' },
  'base-url': { type: 'string' },
  alias: { type: 'string', multiple: true },
  'context-length': { type: 'string' },
  replace: { type: 'boolean' },
} as const;

type AuthMode = 'access-keys' | 'api-key' | 'default-credentials';
const AUTH_MODES: readonly AuthMode[] = ['access-keys', 'api-key', 'default-credentials'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>['values'];

function impliedAuth(values: Values): AuthMode | undefined {
  const modes = new Set<AuthMode>();
  if (values.auth !== undefined) {
    if (!AUTH_MODES.includes(values.auth as AuthMode)) {
      throw new UsageError(`--auth must be one of ${AUTH_MODES.join(', ')}.`);
    }
    modes.add(values.auth as AuthMode);
  }
  if (values['access-key-id'] || values['secret-access-key'] || values['session-token'])
    modes.add('access-keys');
  if (values['api-key']) modes.add('api-key');
  if (values['default-credentials']) modes.add('default-credentials');
  if (modes.size > 1) throw new UsageError(`Choose one auth mode; found ${[...modes].join(' and ')}.`);
  return [...modes][0];
}

/** The catalog as choices: each model's inference profile for the region, or its on-demand id. */
export function catalogChoices(region: string) {
  return BEDROCK_CLAUDE_MODELS.map((model) => {
    const id = inferenceProfileIdFor(model.modelId, region) ?? model.modelId;
    return { label: `${model.displayName}  (${id})`, value: id };
  }).reverse();
}

async function askUntil(prompter: Prompter, question: string, check: (answer: string) => string | undefined) {
  let problem: string | undefined;
  for (;;) {
    const answer = await prompter.ask(problem ? `${question} (${problem})` : question);
    problem = check(answer);
    if (problem === undefined) return answer;
  }
}

/** Fills what the flags left out: from the terminal when there is one, else it is a usage error. */
async function collect(values: Values, io: CliIo) {
  const prompter = io.prompter;
  const missing = (flag: string) =>
    new UsageError(`Missing --${flag}. Run "pnpm gateway help" for the flags.`);
  const publicId =
    values['public-id'] ??
    (prompter
      ? await askUntil(
          prompter,
          'Public id (the model name callers send)',
          (answer) => publicIdIssue(answer)?.message,
        )
      : undefined);
  if (!publicId) throw missing('public-id');
  const region =
    values.region ??
    (prompter
      ? await askUntil(prompter, 'AWS region (e.g. us-east-1)', (answer) =>
          AWS_REGION_PATTERN.test(answer) ? undefined : 'must be an AWS region such as us-east-1',
        )
      : undefined);
  if (!region) throw missing('region');
  let auth = impliedAuth(values);
  if (!auth && prompter) {
    auth = (await prompter.choose('Auth mode', [
      { label: 'Access keys (access key id + secret, SigV4)', value: 'access-keys' },
      { label: 'Bedrock API key', value: 'api-key' },
      { label: "Default credentials (the server's AWS credential chain)", value: 'default-credentials' },
    ])) as AuthMode;
  }
  if (!auth)
    throw new UsageError('Choose an auth mode: --access-key-id, --api-key or --default-credentials.');

  const aws: Record<string, unknown> = { region };
  if (auth === 'access-keys') {
    const accessKeyId =
      values['access-key-id'] ?? io.env.AWS_ACCESS_KEY_ID ?? (await prompter?.ask('AWS access key id'));
    const secret =
      values['secret-access-key'] ??
      io.env.AWS_SECRET_ACCESS_KEY ??
      (await prompter?.ask('AWS secret access key (hidden)', { hidden: true }));
    if (!accessKeyId) throw missing('access-key-id');
    if (!secret)
      throw new UsageError('Missing the secret: set AWS_SECRET_ACCESS_KEY or pass --secret-access-key.');
    const sessionToken = values['session-token'] ?? io.env.AWS_SESSION_TOKEN;
    Object.assign(aws, { access_key_id: accessKeyId, secret_access_key: secret });
    if (sessionToken) aws.session_token = sessionToken;
  } else if (auth === 'api-key') {
    const apiKey =
      values['api-key'] ??
      io.env.AWS_BEARER_TOKEN_BEDROCK ??
      (await prompter?.ask('Bedrock API key (hidden)', { hidden: true }));
    if (!apiKey) throw new UsageError('Missing the API key: set AWS_BEARER_TOKEN_BEDROCK or pass --api-key.');
    aws.api_key = apiKey;
  } else {
    aws.use_default_credentials = true;
  }

  const model =
    values.model ?? (prompter ? await prompter.choose('Model', catalogChoices(region)) : undefined);
  if (!model) throw missing('model');
  return { publicId, region, auth, aws, model };
}

export async function llmAddBedrock(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  const { publicId, auth, aws, model, region } = await collect(values, io);
  const contextLength = values['context-length'] === undefined ? undefined : Number(values['context-length']);
  const definition: Record<string, unknown> = {
    internal_id: model,
    ...(values['display-name'] ? { display_name: values['display-name'] } : {}),
    ...(contextLength !== undefined ? { context_length: contextLength } : {}),
    ...(values['base-url'] ? { base_url: values['base-url'] } : {}),
    ...(values.alias?.length ? { aliases: values.alias } : {}),
    aws_bedrock: aws,
  };
  return withRuntime(io, async (runtime) => {
    if (!values.replace && (await runtime.customLlms.get(publicId))) {
      throw new CommandError(`"${publicId}" already exists; pass --replace to overwrite it.`);
    }
    const result = await runtime.customLlms.put(publicId, definition);
    if (!result.ok) throw new CommandError(`The definition is not valid: ${describeIssues(result.issues)}`);
    io.stdout(
      `${result.created ? 'Created' : 'Replaced'} "${publicId}": Bedrock ${model} in ${region} (${auth}).\n`,
    );
    for (const warning of result.warnings) io.stderr(`Warning: ${warning}\n`);
    return 0;
  });
}
