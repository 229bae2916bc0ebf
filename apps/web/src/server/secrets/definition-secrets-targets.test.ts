import type { CustomLlmDefinition } from '@gateway/ai-gateway';
import { describe, expect, it } from 'vitest';
import { extractSecrets, mergeSecrets, redactDefinition, restoreMaskedSecrets } from './definition-secrets';

const definition = {
  internal_id: 'claude',
  aws_bedrock: { region: 'us-east-1', access_key_id: 'AKIATOP', secret_access_key: 'top-secret-0000001' },
  targets: [
    { name: 'east' },
    {
      name: 'west',
      aws_bedrock: {
        region: 'us-west-2',
        access_key_id: 'AKIAWEST',
        secret_access_key: 'west-secret-000002',
      },
    },
    { name: 'api', aws_bedrock: null, base_url: 'https://api.anthropic.com', api_key: 'sk-ant-target-0003' },
  ],
} as unknown as CustomLlmDefinition;

describe('secrets inside targets', () => {
  it('are taken out of the stored part, keyed by target name, and merged back', () => {
    const { publicPart, secrets } = extractSecrets(definition);
    expect(JSON.stringify(publicPart)).not.toMatch(/secret-0|sk-ant/);
    expect(secrets).toEqual({
      'aws_bedrock.secret_access_key': 'top-secret-0000001',
      'targets.west.aws_bedrock.secret_access_key': 'west-secret-000002',
      'targets.api.api_key': 'sk-ant-target-0003',
    });
    expect(mergeSecrets(publicPart, secrets)).toEqual(definition);
  });

  it('are masked on reads, and a mask sent back keeps the secret of the same target only', () => {
    const redacted = redactDefinition(definition) as unknown as { targets: Record<string, unknown>[] };
    expect(JSON.stringify(redacted)).not.toMatch(/secret-0|sk-ant-target/);
    // Reordered: each mask still finds its own target's secret.
    const reordered = {
      ...redacted,
      targets: [redacted.targets[2], redacted.targets[1], redacted.targets[0]],
    };
    const restored = restoreMaskedSecrets(reordered, definition);
    expect(restored.unresolved).toEqual([]);
    expect((restored.definition.targets as { api_key?: string }[])[0]?.api_key).toBe('sk-ant-target-0003');
    // A mask moved to another target's name has nothing behind it there.
    const renamed = { ...redacted, targets: [{ ...redacted.targets[2], name: 'other' }] };
    expect(restoreMaskedSecrets(renamed, definition).unresolved).toContainEqual({
      path: 'targets.0.api_key',
      reason: 'no-stored-secret',
    });
  });
});
