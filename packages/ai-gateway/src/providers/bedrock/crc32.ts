/**
 * CRC-32 (IEEE 802.3, the checksum of the AWS event-stream prelude and message). The frames
 * themselves are verified by `@smithy/eventstream-codec`; this only checks a prelude before its
 * length is trusted, so a corrupted length is reported at once instead of waiting for bytes that
 * never come. https://smithy.io/2.0/aws/amazon-eventstream.html
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let index = 0; index < 256; index++) {
    let value = index;
    for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    table[index] = value >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
