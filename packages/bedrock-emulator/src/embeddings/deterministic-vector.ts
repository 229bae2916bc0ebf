import { createHash } from 'node:crypto';

/**
 * A vector derived only from (model, text): the same text always gives the same vector, different
 * texts give unrelated ones. Components are uniform in [-1, 1) from a SHA-256 counter stream; with
 * `normalize` the vector has unit length (as Titan's default and Cohere's floats are).
 */
export function deterministicVector(
  modelId: string,
  text: string,
  dimensions: number,
  normalize: boolean,
): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block += 1) {
    const digest = createHash('sha256').update(`${modelId}\u0000${block}\u0000${text}`).digest();
    for (let offset = 0; offset + 2 <= digest.length && values.length < dimensions; offset += 2) {
      values.push(digest.readUInt16BE(offset) / 32768 - 1);
    }
  }
  if (!normalize) return values;
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => value / norm);
}

/** Titan's `binary` embedding: 1 where the float component is positive, else 0. */
export function toBitVector(vector: readonly number[]): number[] {
  return vector.map((value) => (value > 0 ? 1 : 0));
}

/** Cohere's `int8` / `uint8`: the unit-scale float mapped onto the integer range. */
export function toInt8(vector: readonly number[], unsigned: boolean): number[] {
  const scale = Math.max(...vector.map(Math.abs)) || 1;
  return vector.map((value) => {
    const signed = Math.max(-128, Math.min(127, Math.round((value / scale) * 127)));
    return unsigned ? signed + 128 : signed;
  });
}

/** Cohere's `binary` / `ubinary`: sign bits packed 8 per byte (signed bytes are offset by -128). */
export function toPackedBits(vector: readonly number[], unsigned: boolean): number[] {
  const bytes: number[] = [];
  for (let start = 0; start < vector.length; start += 8) {
    let byte = 0;
    for (let bit = 0; bit < 8; bit += 1) byte = (byte << 1) | ((vector[start + bit] ?? 0) > 0 ? 1 : 0);
    bytes.push(unsigned ? byte : byte - 128);
  }
  return bytes;
}
