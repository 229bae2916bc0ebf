import { describe, expect, it } from 'vitest';
import {
  type CustomLlmDefinition,
  CustomLlmDefinitionSchema,
} from '../../definition/custom-llm-definition-schema';
import { bedrockBaseUrl, isAwsBedrockHost } from './bedrock-endpoint';

function definition(region: string, baseUrl?: string): CustomLlmDefinition {
  return CustomLlmDefinitionSchema.parse({
    internal_id: 'anthropic.claude-3-haiku-20240307-v1:0',
    aws_bedrock: { region, api_key: 'key' },
    ...(baseUrl === undefined ? {} : { base_url: baseUrl }),
  });
}

describe('bedrockBaseUrl', () => {
  it('builds the regional endpoint', () => {
    expect(bedrockBaseUrl(definition('us-east-1'))).toBe('https://bedrock-runtime.us-east-1.amazonaws.com');
    expect(bedrockBaseUrl(definition('eu-central-1'))).toBe(
      'https://bedrock-runtime.eu-central-1.amazonaws.com',
    );
    expect(bedrockBaseUrl(definition('cn-north-1'))).toBe(
      'https://bedrock-runtime.cn-north-1.amazonaws.com.cn',
    );
  });

  it('prefers base_url, without its trailing slash', () => {
    expect(bedrockBaseUrl(definition('us-east-1', 'http://127.0.0.1:4010/'))).toBe('http://127.0.0.1:4010');
    expect(
      bedrockBaseUrl(
        definition('us-east-1', 'https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/base/'),
      ),
    ).toBe('https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/base');
  });

  it('refuses a region that did not pass the schema', () => {
    const forged = {
      internal_id: 'x',
      aws_bedrock: { region: 'evil.com/x#', api_key: 'k' },
    } as CustomLlmDefinition;
    expect(() => bedrockBaseUrl(forged)).toThrow(/region/);
  });
});

describe('isAwsBedrockHost', () => {
  it.each([
    'bedrock-runtime.us-east-1.amazonaws.com',
    'bedrock-runtime-fips.us-east-1.amazonaws.com',
    'bedrock-runtime.us-gov-west-1.amazonaws.com',
    'bedrock-runtime.cn-north-1.amazonaws.com.cn',
    'bedrock-runtime.eu-central-1.api.aws',
    'BEDROCK-RUNTIME.AP-NORTHEAST-1.AMAZONAWS.COM',
    'bedrock-runtime.us-east-1.amazonaws.com.',
    'vpce-0a1b2c3d4e5f-abcdefgh.bedrock-runtime.us-east-1.vpce.amazonaws.com',
    'vpce-0a1b2c3d4e5f-abcdefgh-us-east-1a.bedrock-runtime.us-east-1.vpce.amazonaws.com',
  ])('accepts %s', (host) => {
    expect(isAwsBedrockHost(host)).toBe(true);
  });

  it.each([
    'bedrock-runtime.us-east-1.amazonaws.com.evil.com',
    'evilbedrock-runtime.us-east-1.amazonaws.com',
    'bedrock.us-east-1.amazonaws.com',
    'bedrock-runtime.localhost',
    'bedrock-runtime.us-east-1.vpce.amazonaws.com',
    'x.bedrock-runtime.us-east-1.vpce.amazonaws.com.attacker.net',
    '169.254.169.254',
    'localhost',
    'bedrock-runtime.not-a-region.amazonaws.com',
  ])('refuses %s', (host) => {
    expect(isAwsBedrockHost(host)).toBe(false);
  });
});
