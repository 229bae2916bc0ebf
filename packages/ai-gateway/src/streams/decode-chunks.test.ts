import { describe, expect, it } from 'vitest';
import { type ChunkDecoder, decodeChunks } from './decode-chunks';

type Part = { type: 'line'; text: string } | { type: 'error'; reason: string };

/** Lines separated by \n; a line "bad" is an error part; what is left at the end is a last line. */
class LineDecoder implements ChunkDecoder<Part> {
  private pending = '';
  pushed = 0;

  push(chunk: Uint8Array): Part[] {
    this.pushed++;
    this.pending += new TextDecoder().decode(chunk);
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    return lines.map((text) =>
      text === 'bad' ? { type: 'error', reason: 'bad line' } : { type: 'line', text },
    );
  }

  end(): Part[] {
    return this.pending === '' ? [] : [{ type: 'line', text: this.pending }];
  }
}

const bytes = (text: string) => new TextEncoder().encode(text);

async function collect(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  decoder = new LineDecoder(),
) {
  const parts: Part[] = [];
  for await (const part of decodeChunks(body, decoder)) parts.push(part);
  return parts;
}

describe('decodeChunks', () => {
  it('yields every part of every chunk, then what the end completes', async () => {
    async function* source() {
      yield bytes('a\nb');
      yield bytes('c\nd\ne');
    }
    expect(await collect(source())).toEqual([
      { type: 'line', text: 'a' },
      { type: 'line', text: 'bc' },
      { type: 'line', text: 'd' },
      { type: 'line', text: 'e' },
    ]);
  });

  it('stops at the first error part: no later part, no later chunk read, the stream cancelled', async () => {
    let cancelled = false;
    let pulls = 0;
    const chunks = [bytes('a\nbad\nnever\n'), bytes('also never\n')];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks[pulls++];
        if (next) controller.enqueue(next);
        else controller.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    const decoder = new LineDecoder();
    expect(await collect(body, decoder)).toEqual([
      { type: 'line', text: 'a' },
      { type: 'error', reason: 'bad line' },
    ]);
    expect(decoder.pushed).toBe(1);
    expect(cancelled).toBe(true);
  });

  it('lets an error of the body itself propagate unchanged', async () => {
    const broken = new Error('connection reset');
    async function* source() {
      yield bytes('a\n');
      throw broken;
    }
    const parts: Part[] = [];
    await expect(async () => {
      for await (const part of decodeChunks(source(), new LineDecoder())) parts.push(part);
    }).rejects.toBe(broken);
    expect(parts).toEqual([{ type: 'line', text: 'a' }]);
  });
});
