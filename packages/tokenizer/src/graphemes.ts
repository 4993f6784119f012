// forEachGrapheme: grapheme clusters of a text via Intl.Segmenter, in short windows, with an ASCII fast path.
// Leaves out word and sentence segmentation, and locale tailoring (grapheme rules are locale-independent).

/** Code units per Intl.Segmenter call; see forEachGrapheme for why the text is cut into windows. */
export const GRAPHEME_WINDOW = 128;

const CR = 0x0d;

/** True when a surrogate pair starts at `i - 1`, so that cutting the text at `i` would split it. */
function splitsPair(text: string, i: number): boolean {
  const high = text.charCodeAt(i - 1);
  const low = text.charCodeAt(i);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

/**
 * Calls `visit(segment, offset)` for each extended grapheme cluster of `text`, in order, with its
 * UTF-16 offset. Gives exactly what `segmenter.segment(text)` gives, but in linear time: V8's
 * segmenter (Node 20) slows down quadratically on long strings (80 k chars take over a second), so
 * the text is segmented in windows of `windowSize` code units. Every cluster of a window but the
 * last is final (a boundary depends on the text before it and one character after it, and a window
 * always starts on a boundary and never ends inside a surrogate pair); the last is read again at
 * the start of the next window. A window holding one cluster only is doubled until it holds two.
 * An ASCII character other than CR followed by ASCII (or the end) is a cluster by itself and skips
 * the segmenter.
 * @param segmenter - an `Intl.Segmenter` with `granularity: 'grapheme'`
 * @param windowSize - code units per window, at least 2 (tests use tiny windows)
 */
export function forEachGrapheme(
  text: string,
  segmenter: Intl.Segmenter,
  visit: (segment: string, offset: number) => void,
  windowSize: number = GRAPHEME_WINDOW,
): void {
  const n = text.length;
  let position = 0;
  while (position < n) {
    const c = text.charCodeAt(position);
    if (c < 0x80 && c !== CR && (position + 1 === n || text.charCodeAt(position + 1) < 0x80)) {
      visit(text[position]!, position);
      position++;
      continue;
    }
    let width = windowSize;
    for (;;) {
      let end = Math.min(n, position + width);
      if (end < n && splitsPair(text, end)) end++;
      let pending = '';
      let pendingOffset = position;
      let first = true;
      for (const { segment, index } of segmenter.segment(text.slice(position, end))) {
        if (!first) visit(pending, pendingOffset);
        first = false;
        pending = segment;
        pendingOffset = position + index;
      }
      if (end === n) {
        visit(pending, pendingOffset);
        position = n;
        break;
      }
      if (pendingOffset > position) {
        position = pendingOffset;
        break;
      }
      width *= 2;
    }
  }
}
