import { AWS_REGION_PATTERN } from '../../definition/aws-bedrock-settings-schema';
import type { CustomLlmDefinition } from '../../definition/custom-llm-definition-schema';

/**
 * The Bedrock Runtime base URL for a definition: its `base_url` (a VPC endpoint or a local
 * emulator, possibly with a base path) or the regional endpoint from the AWS endpoint rules
 * (`https://bedrock-runtime.{Region}.{dnsSuffix}`; botocore bedrock-runtime endpoint-rule-set-1.json).
 */
export function bedrockBaseUrl(definition: CustomLlmDefinition): string {
  if (definition.base_url !== undefined) return definition.base_url.replace(/\/+$/, '');
  const region = definition.aws_bedrock?.region;
  // The schema validates the region already; checked again because it becomes part of a host name.
  if (region === undefined || !AWS_REGION_PATTERN.test(region)) {
    throw new Error('A Bedrock definition needs a valid aws_bedrock.region to build its endpoint');
  }
  const dnsSuffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://bedrock-runtime.${region}.${dnsSuffix}`;
}

const REGION = String.raw`(?:[a-z]{2}|us-gov|us-iso[a-z]?|eu-isoe)-[a-z]+(?:-[a-z]+)?-\d{1,2}`;

/**
 * Public endpoints (`bedrock-runtime[-fips].{region}.amazonaws.com[.cn]`, dual-stack `….api.aws`)
 * and interface VPC endpoints (`vpce-….bedrock-runtime.{region}.vpce.amazonaws.com`), per
 * https://docs.aws.amazon.com/general/latest/gr/bedrock.html and
 * https://docs.aws.amazon.com/bedrock/latest/userguide/vpc-interface-endpoints.html
 */
const AWS_BEDROCK_HOST_PATTERNS = [
  new RegExp(String.raw`^bedrock-runtime(?:-fips)?\.${REGION}\.(?:amazonaws\.com(?:\.cn)?|api\.aws)$`),
  new RegExp(
    String.raw`^(?:[a-z0-9-]+\.)+bedrock-runtime(?:-fips)?\.${REGION}\.vpce\.amazonaws\.com(?:\.cn)?$`,
  ),
];

/** True for host names that are AWS Bedrock Runtime endpoints (used by the upstream SSRF policy). */
export function isAwsBedrockHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return AWS_BEDROCK_HOST_PATTERNS.some((pattern) => pattern.test(host));
}
