export * from './definition/aws-bedrock-settings-schema';
export * from './definition/custom-llm-definition-schema';
export * from './definition/definition-json-schema';
export * from './definition/validate-definition';
export * from './errors/gateway-error';
export * from './errors/render-anthropic-error';
export * from './errors/render-openai-error';
export type * from './providers/types';
