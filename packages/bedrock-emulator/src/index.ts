export {
  BEDROCK_ACCEPTED_ANTHROPIC_BETAS,
  BEDROCK_ANTHROPIC_INVOKE_KEYS,
  BEDROCK_ANTHROPIC_RULES_SOURCES,
} from './bedrock/bedrock-anthropic-rules';
export { KNOWN_BASE_MODEL_IDS, KNOWN_EMBEDDING_MODEL_IDS } from './bedrock/bedrock-model-id';
export {
  EMULATOR_DEFAULT_BEDROCK_API_KEY,
  EMULATOR_DEFAULT_CREDENTIALS,
  EMULATOR_DEFAULT_REGIONS,
  EMULATOR_DEFAULT_ROLE,
} from './default-credentials';
export { signThinking } from './reply/thinking-signature';
export { SCENARIO_NAMES } from './scenarios/scenario-store';
export { startEmulator } from './server';
export { verifySigV4 } from './sigv4/verify-sigv4';
export type {
  AssumeRoleCall,
  EmulatorCredential,
  EmulatorFace,
  EmulatorHandle,
  EmulatorOptions,
  EmulatorRole,
  RecordedRequest,
  ScenarioName,
  ScenarioOptions,
} from './types';
