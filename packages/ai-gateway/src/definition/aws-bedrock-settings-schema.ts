import { z } from 'zod';

/**
 * AWS partitions' region names: `us-east-1`, `eu-central-1`, `ap-southeast-2`, `us-gov-west-1`,
 * `cn-north-1`, `us-iso-east-1`, `us-isob-east-1`. Anything else is refused before it can reach a
 * host name, so a region can never inject a host, path or query.
 */
export const AWS_REGION_PATTERN = /^(?:[a-z]{2}|us-gov|us-iso[a-z]?|eu-isoe)-[a-z]+(?:-[a-z]+)?-\d{1,2}$/;

const nonEmpty = (what: string) => z.string().trim().min(1, `${what} must not be empty`);

/** An IAM role ARN in any partition: `arn:aws:iam::123456789012:role/path/name`. */
const ROLE_ARN_PATTERN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
/** STS `RoleSessionName`: 2–64 of `[\w+=,.@-]`. */
const ROLE_SESSION_NAME_PATTERN = /^[\w+=,.@-]{2,64}$/;
/** STS `ExternalId`: 2–1224 of `[\w+=,.@:/-]`. */
const EXTERNAL_ID_PATTERN = /^[\w+=,.@:/-]{2,1224}$/;

/** Every field optional: a target's `aws_bedrock` may set only what differs from the top level. */
export const AwsBedrockFieldsSchema = z.strictObject({
  region: z
    .string()
    .regex(AWS_REGION_PATTERN, 'must be an AWS region such as "us-east-1" or "eu-central-1"')
    .optional(),
  access_key_id: nonEmpty('access_key_id').optional(),
  secret_access_key: nonEmpty('secret_access_key').optional(),
  session_token: nonEmpty('session_token').optional(),
  api_key: nonEmpty('api_key').optional(),
  use_default_credentials: z.boolean().optional(),
  /** Assume this role (STS AssumeRole) with the credentials above as the base. */
  role_arn: z
    .string()
    .regex(ROLE_ARN_PATTERN, 'must be an IAM role ARN such as "arn:aws:iam::123456789012:role/name"')
    .optional(),
  external_id: z
    .string()
    .regex(EXTERNAL_ID_PATTERN, 'must be 2–1224 characters of letters, digits and +=,.@:/-')
    .optional(),
  role_session_name: z
    .string()
    .regex(ROLE_SESSION_NAME_PATTERN, 'must be 2–64 characters of letters, digits and +=,.@-')
    .optional(),
});
export type AwsBedrockFields = z.infer<typeof AwsBedrockFieldsSchema>;

/** The fields that choose how to authenticate; a target setting any of them replaces all of them. */
export const BEDROCK_AUTH_FIELDS = [
  'access_key_id',
  'secret_access_key',
  'session_token',
  'api_key',
  'use_default_credentials',
] as const;

export const AwsBedrockSettingsSchema = AwsBedrockFieldsSchema.extend({
  region: z.string().regex(AWS_REGION_PATTERN, 'must be an AWS region such as "us-east-1" or "eu-central-1"'),
}).superRefine((settings, context) => {
  const hasStaticKeys = settings.access_key_id !== undefined || settings.secret_access_key !== undefined;
  const modes = [
    hasStaticKeys && 'access keys',
    settings.api_key !== undefined && 'api_key',
    settings.use_default_credentials === true && 'use_default_credentials',
  ].filter((mode): mode is string => typeof mode === 'string');

  if (modes.length === 0) {
    context.addIssue({
      code: 'custom',
      message:
        'choose one auth mode: access_key_id + secret_access_key, api_key, or use_default_credentials: true',
    });
  }
  if (modes.length > 1) {
    context.addIssue({
      code: 'custom',
      message: `only one auth mode may be set, found: ${modes.join(', ')}`,
    });
  }
  if (hasStaticKeys && settings.access_key_id === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['access_key_id'],
      message: 'is required with secret_access_key',
    });
  }
  if (hasStaticKeys && settings.secret_access_key === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['secret_access_key'],
      message: 'is required with access_key_id',
    });
  }
  if (settings.session_token !== undefined && !hasStaticKeys) {
    context.addIssue({
      code: 'custom',
      path: ['session_token'],
      message: 'is only valid with access_key_id + secret_access_key',
    });
  }
  if (settings.api_key !== undefined && settings.role_arn !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['role_arn'],
      message:
        'needs AWS credentials to assume the role with (access keys or use_default_credentials), not api_key',
    });
  }
  for (const field of ['external_id', 'role_session_name'] as const) {
    if (settings[field] !== undefined && settings.role_arn === undefined) {
      context.addIssue({ code: 'custom', path: [field], message: 'is only valid with role_arn' });
    }
  }
});

export type AwsBedrockSettings = z.infer<typeof AwsBedrockSettingsSchema>;

export type BedrockAuthMode = 'access_keys' | 'api_key' | 'default_credentials';

export function bedrockAuthMode(settings: AwsBedrockSettings): BedrockAuthMode {
  if (settings.api_key !== undefined) return 'api_key';
  if (settings.use_default_credentials === true) return 'default_credentials';
  return 'access_keys';
}
