export { KNOWN_BASE_MODEL_IDS } from './bedrock/bedrock-model-id';
export { EMULATOR_DEFAULT_BEDROCK_API_KEY, EMULATOR_DEFAULT_CREDENTIALS } from './default-credentials';
export { SCENARIO_NAMES } from './scenarios/scenario-store';
export { startEmulator } from './server';
export { verifySigV4 } from './sigv4/verify-sigv4';
export type {
  EmulatorCredential,
  EmulatorFace,
  EmulatorHandle,
  EmulatorOptions,
  RecordedRequest,
  ScenarioName,
  ScenarioOptions,
} from './types';
