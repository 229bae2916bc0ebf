import { formatIssuePath } from '@gateway/ai-gateway/definition';
import { type JsonToken, tokenizeJson } from './json-tokens';

export type PathSegment = string | number;

/** Where a value sits in the text, and the span of its key when it is an object property. */
export type JsonLocation = { from: number; to: number; keyFrom?: number; keyTo?: number };

/** Paths as the admin API reports them (`aws_bedrock.region`, `aliases[2]`): the core's one formatter. */
export const formatPath = formatIssuePath;

type Frame = {
  kind: 'object' | 'array';
  path: PathSegment[];
  from: number;
  expecting: 'key' | 'colon' | 'value' | 'comma';
  key?: { value: string; from: number; to: number };
  index: number;
  keys: string[];
};

type WalkEvents = {
  /** A scalar value, or a container when it closes (or the text ends). */
  value?: (path: PathSegment[], location: JsonLocation) => void;
};

function childPath(frame: Frame | undefined): PathSegment[] {
  if (frame === undefined) return [];
  return frame.kind === 'array' ? [...frame.path, frame.index] : [...frame.path, frame.key?.value ?? ''];
}

function keyRangeOf(frame: Frame | undefined): Pick<JsonLocation, 'keyFrom' | 'keyTo'> {
  return frame?.kind === 'object' && frame.key ? { keyFrom: frame.key.from, keyTo: frame.key.to } : {};
}

/** A tolerant single pass over the tokens; returns the frames still open when it stops. */
function walk(tokens: readonly JsonToken[], events: WalkEvents, textLength: number): Frame[] {
  const stack: Frame[] = [];
  const pending: { path: PathSegment[]; from: number; keyRange: Pick<JsonLocation, 'keyFrom' | 'keyTo'> }[] =
    [];
  const afterValue = () => {
    const top = stack.at(-1);
    if (top) top.expecting = 'comma';
  };
  for (const token of tokens) {
    const top = stack.at(-1);
    if (token.type === 'punct') {
      if (token.value === '{' || token.value === '[') {
        const path = childPath(top);
        pending.push({ path, from: token.from, keyRange: keyRangeOf(top) });
        stack.push({
          kind: token.value === '{' ? 'object' : 'array',
          path,
          from: token.from,
          expecting: token.value === '{' ? 'key' : 'value',
          index: 0,
          keys: [],
        });
      } else if (token.value === '}' || token.value === ']') {
        if (top === undefined) continue;
        stack.pop();
        const opened = pending.pop();
        if (opened) events.value?.(opened.path, { from: opened.from, to: token.to, ...opened.keyRange });
        afterValue();
      } else if (token.value === ':') {
        if (top?.kind === 'object') top.expecting = 'value';
      } else if (top) {
        if (top.kind === 'array') top.index += 1;
        top.expecting = top.kind === 'object' ? 'key' : 'value';
        if (top.kind === 'object') top.key = undefined;
      }
      continue;
    }
    if (top?.kind === 'object' && top.expecting === 'key') {
      if (token.type === 'string') {
        top.key = { value: token.value, from: token.from, to: token.to };
        top.keys.push(token.value);
      }
      top.expecting = 'colon';
      continue;
    }
    events.value?.(childPath(top), { from: token.from, to: token.to, ...keyRangeOf(top) });
    afterValue();
  }
  // Containers left open run to the end of the text.
  for (const opened of pending.reverse()) {
    events.value?.(opened.path, { from: opened.from, to: textLength, ...opened.keyRange });
  }
  return stack;
}

/** Every value's location by path (`(root)`, `aws_bedrock.region`, `aliases[0]`). */
export function locateJsonValues(text: string): Map<string, JsonLocation> {
  const locations = new Map<string, JsonLocation>();
  walk(
    tokenizeJson(text),
    {
      value: (path, location) => {
        const key = formatPath(path);
        if (!locations.has(key)) locations.set(key, location);
      },
    },
    text.length,
  );
  return locations;
}

/** The parent paths of `aws_bedrock.region` / `aliases[2]`, nearest first, ending at `(root)`. */
function ancestorsOf(path: string): string[] {
  const result: string[] = [];
  let current = path;
  while (current !== '(root)') {
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    current = cut <= 0 ? '(root)' : current.slice(0, cut);
    result.push(current);
  }
  return result;
}

/**
 * The text range to mark for an issue at `path`: an unknown field's key, a wrong value, or, for a
 * missing field, the key of the object it is missing from (the opening brace at the root).
 */
export function rangeForIssue(
  text: string,
  path: string,
  locations = locateJsonValues(text),
): { from: number; to: number } {
  const exact = locations.get(path);
  if (exact) {
    if (exact.keyFrom !== undefined && exact.keyTo !== undefined) {
      const valueIsScalar =
        exact.to - exact.from < 200 && !/^[[{]/.test(text.slice(exact.from, exact.from + 1));
      return valueIsScalar ? { from: exact.from, to: exact.to } : { from: exact.keyFrom, to: exact.keyTo };
    }
    return { from: exact.from, to: Math.min(exact.to, exact.from + 1) };
  }
  for (const ancestor of ancestorsOf(path)) {
    const found = locations.get(ancestor);
    if (!found) continue;
    if (found.keyFrom !== undefined && found.keyTo !== undefined)
      return { from: found.keyFrom, to: found.keyTo };
    return { from: found.from, to: Math.min(found.to, found.from + 1) };
  }
  return { from: 0, to: Math.min(text.length, 1) };
}

/** What the cursor is on, for completion and hover. */
export type CursorContext =
  | { kind: 'key'; objectPath: PathSegment[]; from: number; to: number; existingKeys: string[] }
  | { kind: 'value'; path: PathSegment[]; from: number; to: number };

export function cursorContext(text: string, position: number): CursorContext | undefined {
  const tokens = tokenizeJson(text);
  const current = tokens.find(
    (token) =>
      token.type !== 'punct' &&
      token.from < position &&
      (position < token.to || (position === token.to && (token.type === 'literal' || !token.closed))),
  );
  const before = tokens.filter((token) => token.to <= (current ? current.from : position));
  const stack = walk(before, {}, text.length);
  const top = stack.at(-1);
  if (top === undefined) return undefined;
  const from = current?.from ?? position;
  const to = current?.to ?? position;
  if (top.kind === 'object' && top.expecting === 'key') {
    return { kind: 'key', objectPath: top.path, from, to, existingKeys: keysOf(text, top.path) };
  }
  if (top.expecting === 'value') return { kind: 'value', path: childPath(top), from, to };
  return undefined;
}

function keysOf(text: string, objectPath: PathSegment[]): string[] {
  const prefix = formatPath(objectPath);
  const keys: string[] = [];
  for (const path of locateJsonValues(text).keys()) {
    const rest =
      prefix === '(root)' ? path : path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : '';
    if (rest !== '' && rest !== '(root)' && !/[.[]/.test(rest)) keys.push(rest);
  }
  return keys;
}

/** The key under the cursor and its full path, for hover docs. */
export function keyAt(
  text: string,
  position: number,
): { path: PathSegment[]; from: number; to: number } | undefined {
  for (const [path, location] of locateJsonValues(text)) {
    if (location.keyFrom === undefined || location.keyTo === undefined) continue;
    if (position >= location.keyFrom && position <= location.keyTo) {
      return { path: parsePath(path), from: location.keyFrom, to: location.keyTo };
    }
  }
  return undefined;
}

/** The inverse of formatPath. */
export function parsePath(path: string): PathSegment[] {
  if (path === '(root)') return [];
  const segments: PathSegment[] = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  return segments;
}
