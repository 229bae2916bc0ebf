import type { AnthropicRedactedThinkingBlock, AnthropicThinkingBlock } from '../translate/anthropic-types';

/**
 * `encrypted_content` of reasoning items: the upstream's thinking block (text and signature, or
 * redacted data) sealed with AES-256-GCM, so a stateless client (`store: false`) can hand it back
 * next turn and nobody can read or forge it. The additional authenticated data binds the blob to
 * the model family: Claude's signatures only mean something to Claude, so a blob made for another
 * family (a user switching providers mid-conversation) does not open and is left out.
 * Format: `gwr1.` + base64url(12-byte IV | ciphertext | 16-byte tag). Web Crypto only.
 */
export type SealedReasoningBlock = AnthropicThinkingBlock | AnthropicRedactedThinkingBlock;

const PREFIX = 'gwr1.';
const IV_BYTES = 12;

export type ReasoningSealer = {
  seal(block: SealedReasoningBlock): Promise<string>;
  /** The block, or undefined when the blob is not ours, was tampered with or is for another family. */
  open(sealed: string): Promise<SealedReasoningBlock | undefined>;
};

export function createReasoningSealer(options: {
  /** 32 bytes; the integrator derives it from GATEWAY_ENCRYPTION_KEY. */
  key: Uint8Array;
  /** e.g. `anthropic-claude`: what a thinking block's signature is valid for. */
  family: string;
  randomBytes?: (length: number) => Uint8Array;
}): ReasoningSealer {
  if (options.key.length !== 32) throw new Error('The reasoning seal key must be 32 bytes.');
  const additionalData = new TextEncoder().encode(`gateway-reasoning:v1:${options.family}`);
  const random = options.randomBytes ?? ((length) => crypto.getRandomValues(new Uint8Array(length)));
  const keyPromise = crypto.subtle.importKey('raw', toArrayBuffer(options.key), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ]);

  return {
    async seal(block) {
      const iv = random(IV_BYTES);
      const plaintext = new TextEncoder().encode(JSON.stringify(block));
      const ciphertext = new Uint8Array(
        await crypto.subtle.encrypt(
          { name: 'AES-GCM', iv: toArrayBuffer(iv), additionalData },
          await keyPromise,
          plaintext,
        ),
      );
      const joined = new Uint8Array(iv.length + ciphertext.length);
      joined.set(iv, 0);
      joined.set(ciphertext, iv.length);
      return PREFIX + toBase64Url(joined);
    },
    async open(sealed) {
      if (!sealed.startsWith(PREFIX)) return undefined;
      const bytes = fromBase64Url(sealed.slice(PREFIX.length));
      if (bytes === undefined || bytes.length < IV_BYTES + 16) return undefined;
      try {
        const plaintext = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: bytes.slice(0, IV_BYTES), additionalData },
          await keyPromise,
          bytes.slice(IV_BYTES),
        );
        return asBlock(JSON.parse(new TextDecoder().decode(plaintext)));
      } catch {
        return undefined;
      }
    },
  };
}

function asBlock(value: unknown): SealedReasoningBlock | undefined {
  const block = value as { type?: unknown; thinking?: unknown; signature?: unknown; data?: unknown } | null;
  if (block?.type === 'thinking' && typeof block.thinking === 'string' && typeof block.signature === 'string')
    return { type: 'thinking', thinking: block.thinking, signature: block.signature };
  if (block?.type === 'redacted_thinking' && typeof block.data === 'string')
    return { type: 'redacted_thinking', data: block.data };
  return undefined;
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
    return Uint8Array.from(binary, (character) => character.charCodeAt(0));
  } catch {
    return undefined;
  }
}
