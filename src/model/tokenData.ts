/**
 * Token sequences for language models: one token stream and the start of each training window.
 */

/**
 * A set of next-token prediction samples over one token stream. Sample i is the window
 * `tokens[starts[i] .. starts[i] + contextLength]` (contextLength + 1 tokens): the model reads the
 * first contextLength tokens and predicts each following one, so one sample holds contextLength
 * predictions. Plain typed arrays (shareable with worker threads).
 */
export interface TokenData {
  readonly kind: "tokens";
  /** The token stream, ids in [0, vocabSize - 1]. */
  tokens: Uint8Array | Uint16Array;
  /** Vocabulary size V ≥ 2. */
  vocabSize: number;
  /** Tokens a model reads per sample (its context T). */
  contextLength: number;
  /** Start of each sample's window in `tokens`; each in [0, tokens.length - contextLength - 1]. */
  starts: Int32Array;
  /** Number of samples n (= starts.length). */
  numSamples: number;
}

export interface TokenDataOptions {
  tokens: Uint8Array | Uint16Array;
  vocabSize: number;
  contextLength: number;
  /** Distance between consecutive window starts (default contextLength: windows that do not overlap). */
  stride?: number;
}

/**
 * Cuts a token stream into next-token prediction windows.
 *
 * @param options.tokens the stream (kept, not copied), ids in [0, vocabSize - 1].
 * @param options.vocabSize V, an integer in [2, 65536].
 * @param options.contextLength T, an integer ≥ 1 with T + 1 ≤ tokens.length.
 * @param options.stride window spacing, an integer ≥ 1 (default T).
 * @returns the {@link TokenData} with windows at 0, stride, 2 stride, ... while they fit.
 * @throws RangeError for sizes out of range or a token id outside [0, V - 1].
 * @example
 * const data = tokenData({ tokens: new Uint8Array([0, 1, 2, 3, 4, 5, 6]), vocabSize: 7, contextLength: 3 });
 * data.starts; // Int32Array [0, 3]
 */
export function tokenData(options: TokenDataOptions): TokenData {
  const fn = "tokenData";
  const { tokens, vocabSize, contextLength } = options;
  const stride = options.stride ?? contextLength;
  if (!(tokens instanceof Uint8Array || tokens instanceof Uint16Array)) {
    throw new TypeError(`${fn}: tokens must be a Uint8Array or Uint16Array, got ${Object.prototype.toString.call(tokens)}`);
  }
  if (!Number.isInteger(vocabSize) || vocabSize < 2 || vocabSize > 65536) throw new RangeError(`${fn}: vocabSize must be an integer in [2, 65536], got ${vocabSize}`);
  if (!Number.isInteger(contextLength) || contextLength < 1 || contextLength + 1 > tokens.length) {
    throw new RangeError(`${fn}: contextLength must be an integer in [1, ${tokens.length - 1}] (the stream holds ${tokens.length} tokens), got ${contextLength}`);
  }
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`${fn}: stride must be an integer ≥ 1, got ${stride}`);
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]! >= vocabSize) throw new RangeError(`${fn}: tokens[${i}] must be in [0, ${vocabSize - 1}], got ${tokens[i]}`);
  }
  const count = Math.floor((tokens.length - contextLength - 1) / stride) + 1;
  const starts = new Int32Array(new SharedArrayBuffer(count * 4));
  for (let i = 0; i < count; i++) starts[i] = i * stride;
  return { kind: "tokens", tokens, vocabSize, contextLength, starts, numSamples: count };
}

/** True when `data` is a {@link TokenData}. */
export function isTokenData(data: unknown): data is TokenData {
  return typeof data === "object" && data !== null && (data as { kind?: unknown }).kind === "tokens";
}
