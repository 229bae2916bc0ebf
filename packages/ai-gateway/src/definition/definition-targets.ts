import type { z } from 'zod';
import {
  type AwsBedrockFields,
  type AwsBedrockSettings,
  AwsBedrockSettingsSchema,
  BEDROCK_AUTH_FIELDS,
} from './aws-bedrock-settings-schema';
import type { CustomLlmDefinition, CustomLlmTarget } from './custom-llm-definition-schema';

export const MAX_TARGETS = 16;
export const TARGET_NAME_PATTERN = /^[a-z0-9-]+$/;
/** The target name of a definition without `targets` (DESIGN.md). */
export const DEFAULT_TARGET_NAME = 'default';
export const DEFAULT_TARGET_WEIGHT = 1;
export const DEFAULT_TARGET_PRIORITY = 0;

const ROLE_FIELDS = ['role_arn', 'external_id', 'role_session_name'] as const;

/** One target as the router sees it: its name, weight, priority and a whole definition to call. */
export type ResolvedTarget = {
  name: string;
  weight: number;
  priority: number;
  /** The top level with the target's fields applied; no `targets` or `fallbacks`. */
  definition: CustomLlmDefinition;
};

/**
 * The targets of a definition, each with the top level applied (a definition without `targets` is
 * one target named `default`). Assumes a definition the schema accepted.
 */
export function resolveTargets(definition: CustomLlmDefinition): ResolvedTarget[] {
  if (definition.targets === undefined) {
    return [
      {
        name: DEFAULT_TARGET_NAME,
        weight: DEFAULT_TARGET_WEIGHT,
        priority: DEFAULT_TARGET_PRIORITY,
        definition,
      },
    ];
  }
  return definition.targets.map((target) => ({
    name: target.name,
    weight: target.weight ?? DEFAULT_TARGET_WEIGHT,
    priority: target.priority ?? DEFAULT_TARGET_PRIORITY,
    definition: applyTarget(definition, target) as CustomLlmDefinition,
  }));
}

/** The top level with one target's upstream fields applied (before validation of the result). */
export function applyTarget(
  definition: CustomLlmDefinition,
  target: CustomLlmTarget,
): Omit<CustomLlmDefinition, 'aws_bedrock'> & { aws_bedrock?: AwsBedrockFields } {
  const { name: _name, weight: _weight, priority: _priority, aws_bedrock, ...fields } = target;
  const { targets: _targets, fallbacks: _fallbacks, aws_bedrock: topBedrock, ...top } = definition;
  const merged: Omit<CustomLlmDefinition, 'aws_bedrock'> & { aws_bedrock?: AwsBedrockFields } = {
    ...top,
    ...fields,
  };
  if (aws_bedrock === undefined) {
    if (topBedrock !== undefined) merged.aws_bedrock = topBedrock;
  } else if (aws_bedrock !== null) {
    merged.aws_bedrock = mergeBedrock(topBedrock, aws_bedrock);
  }
  return merged;
}

/**
 * Region by field; auth and role as groups, so a target that sets its own access keys never ends up
 * with the top level's api_key beside them (two auth modes), and a target's role keeps its own ExternalId.
 */
function mergeBedrock(top: AwsBedrockSettings | undefined, target: AwsBedrockFields): AwsBedrockFields {
  const merged: AwsBedrockFields = { ...(top?.region === undefined ? {} : { region: top.region }) };
  if (target.region !== undefined) merged.region = target.region;
  for (const group of [BEDROCK_AUTH_FIELDS, ROLE_FIELDS]) {
    const source = group.some((field) => target[field] !== undefined) ? target : top;
    for (const field of group) {
      const value = source?.[field];
      if (value !== undefined) Object.assign(merged, { [field]: value });
    }
  }
  return merged;
}

type UpstreamRules = (
  definition: ReturnType<typeof applyTarget>,
  path: (string | number)[],
  context: z.RefinementCtx,
) => void;

/** Unique names, and every target valid once the top level is applied (issues name the target's path). */
export function checkTargets(
  definition: CustomLlmDefinition,
  targets: readonly CustomLlmTarget[],
  context: z.RefinementCtx,
  checkUpstreamRules: UpstreamRules,
): void {
  const names = new Set<string>();
  targets.forEach((target, index) => {
    if (names.has(target.name)) {
      context.addIssue({
        code: 'custom',
        path: ['targets', index, 'name'],
        message: `"${target.name}" is already the name of another target`,
      });
    }
    names.add(target.name);
    const applied = applyTarget(definition, target);
    if (applied.aws_bedrock !== undefined) {
      const bedrock = AwsBedrockSettingsSchema.safeParse(applied.aws_bedrock);
      for (const issue of bedrock.success ? [] : bedrock.error.issues) {
        context.addIssue({
          code: 'custom',
          path: ['targets', index, 'aws_bedrock', ...issue.path.map(String)],
          message: issue.code === 'invalid_type' ? 'is required (here or at the top level)' : issue.message,
        });
      }
    }
    checkUpstreamRules(applied, ['targets', index], context);
  });
}
