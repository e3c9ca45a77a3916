// taiyaku: searching one language's index as the build writes it (hooks/taiyaku/search/index.py,
// whose docstring describes the files). The text is cut into pieces as tokens.py cuts it
// (tests/test_search_browser.py checks they agree); this side has no stemmer: the index maps
// the words it saw to their stems and back.
//
// A search loads the chunks that hold its terms (each term keeps only its best sections), ranks
// the sections that have every term, then loads the fragments of the best articles and keeps the
// sections whose text really has the query: the Japanese as written (福祉 inside モデル福祉, not
// 福 and 祉 apart), each word in one of its forms, a "quoted phrase" in order.

// Kanji (with 々〆), hiragana, katakana with ー but not the middle dot ・: tokens.py's _CJK.
const CJK = "\u3005\u3006\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";
const PIECE = new RegExp(`([${CJK}]+)|((?:(?![${CJK}])[\\p{L}\\p{N}])+)`, "gu");

export function normalize(text) {
  return text.normalize("NFKC").replace(/\u200b/g, "");
}

/** tokens.py's pieces: [[piece, isRun], ...], lower case. */
export function pieces(text) {
  return Array.from(normalize(text).toLowerCase().matchAll(PIECE), (m) => (m[1] ? [m[1], true] : [m[2], false]));
}

/** tokens.py's pairs: a run's overlapping character pairs and its last character. */
export function pairs(run) {
  const chars = Array.from(run);
  if (chars.length === 1) return [run];
  return chars.slice(1).map((b, i) => chars[i] + b).concat(chars[chars.length - 1]);
}

const PREFIX_MIN = 3; // the word being typed matches as a prefix from this many letters on
const PREFIX_TERMS = 32; // terms a prefix may stand for
const BATCHES = 3; // rounds of fragments loaded to check candidates, each of up to `wanted`
const SECTION = 4096; // a section's key: article * SECTION + its number in the article

/** A query as pieces: {text, run, phrase (number of its "quoted phrase" or -1), prefix}. */
export function parse(query) {
  const parts = [];
  normalize(query).split('"').forEach((segment, i) => {
    for (const [text, run] of pieces(segment)) parts.push({ text, run, phrase: i % 2 ? i : -1, prefix: false });
  });
  // A single kanji or kana is the start of the pairs it begins (or a run's last character).
  for (const part of parts) part.prefix = part.run && Array.from(part.text).length === 1;
  const last = parts[parts.length - 1];
  const open = !/[\s"]$/.test(query); // the reader may still be typing the last word
  if (last && !last.run && open && last.text.length >= PREFIX_MIN) last.prefix = true;
  return parts;
}

export class Index {
  constructor(base) {
    this.base = base; // the index's folder: .../search/<lang>/
    this.files = new Map();
    this.meta = this.fetch("index.jz", false);
  }

  fetch(path, versioned = true) {
    if (!this.files.has(path)) {
      this.files.set(
        path,
        (async () => {
          const query = versioned ? `?v=${(await this.meta).v}` : "";
          // The table itself is revalidated: a stale one would point into a newer build.
          const response = await fetch(new URL(path + query, this.base), versioned ? {} : { cache: "no-cache" });
          if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
          return unpack(new Uint8Array(await response.arrayBuffer()));
        })(),
      );
    }
    return this.files.get(path);
  }

  /** The chunk a key would be in (its entries: {key: entry}), or {}. */
  async chunk(key) {
    const { chunks } = await this.meta;
    let lo = 0;
    let hi = chunks.length - 1;
    if (hi < 0 || key < chunks[0]) return {};
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid] <= key) lo = mid;
      else hi = mid - 1;
    }
    return this.fetch(`c/${lo}.jz`);
  }

  async entry(key) {
    return (await this.chunk(key))[key];
  }

  /** Entries of the keys that start with `prefix`, from the chunks the first keys are in. */
  async withPrefix(prefix) {
    const found = [];
    for (const chunk of new Set([await this.chunk(prefix), await this.chunk(prefix + "\uffff")])) {
      for (const [key, entry] of Object.entries(chunk)) if (key.startsWith(prefix)) found.push([key, entry]);
    }
    return found;
  }

  /** The terms a piece of the query stands for, each [term, entry]. */
  async terms(part) {
    if (part.run) {
      if (part.prefix) return (await this.withPrefix(part.text)).filter(([, e]) => e.t);
      return Promise.all(pairs(part.text).slice(0, -1).map(async (pair) => [pair, (await this.entry(pair)) || {}]));
    }
    const stems = new Set();
    const exact = await this.entry(part.text);
    if (exact) stems.add(exact.f || part.text);
    else {
      // A form no article uses (exported, where they say export): the first of its possible
      // roots that the index knows. Only keys of the index are looked up, so this side never
      // has to stem as the build does.
      for (const root of roots(part.text)) {
        const entry = await this.entry(root);
        if (entry?.t || entry?.f) {
          stems.add(entry.f || root);
          break;
        }
      }
    }
    if (part.prefix) {
      for (const [key, entry] of await this.withPrefix(part.text)) {
        if (entry.t) stems.add(key);
        if (entry.f) stems.add(entry.f);
      }
    }
    const terms = await Promise.all(Array.from(stems).slice(0, PREFIX_TERMS).map(async (s) => [s, (await this.entry(s)) || {}]));
    return terms.filter(([, e]) => e.t);
  }

  /** What one piece requires of a section: its postings, and a test of a text piece. */
  async slots(part) {
    const terms = await this.terms(part);
    // Impacts are bytes on a log scale (index.py's _quantized): back to scores that add up.
    const range = (await this.meta).r;
    const score = (impact) => (impact ? range ** ((impact - 255) / 254) : 0);
    const slots = [];
    const one = (list) => {
      const postings = new Map();
      let floor = 0;
      for (const [, entry] of list) {
        if (!entry.t) continue;
        const [, cut, flat] = entry.t;
        floor = Math.max(floor, score(cut));
        let article = 0;
        for (let i = 0; i < flat.length; i += 3) {
          article += flat[i];
          const key = article * SECTION + flat[i + 1];
          postings.set(key, Math.max(postings.get(key) || 0, score(flat[i + 2])));
        }
      }
      return { postings, floor };
    };
    if (part.run && !part.prefix) for (const term of terms) slots.push(one([term]));
    else slots.push(one(terms));
    return { slots, forms: new Set([part.text, ...terms.flatMap(([term, e]) => [term, ...(e.w || [])])]) };
  }

  /** The sections that have the query, best first, each {score, url, title, heading, text, marks}:
   *  at most `wanted`; `more` when there may be others. */
  async search(query, wanted) {
    const parts = parse(query);
    if (!parts.length) return { sections: [], more: false };
    const resolved = await Promise.all(parts.map((part) => this.slots(part)));
    const slots = resolved.flatMap((r) => r.slots);
    const candidates = rank(slots);
    const found = [];
    let checked = 0;
    for (let batch = 0; batch < BATCHES && checked < candidates.length && found.length < wanted; batch++) {
      const next = candidates.slice(checked, checked + wanted - found.length);
      const fragments = await Promise.all(
        next.map(({ key }) => this.fetch(`f/${Math.floor(key / SECTION)}-${key % SECTION}.jz`)),
      );
      next.forEach(({ score }, i) => {
        const { u: url, t: title, h: heading, x: text } = fragments[i];
        const marks = matches(text, parts, resolved);
        if (marks) found.push({ score, url, title, heading, text, marks });
      });
      checked += next.length;
    }
    return { sections: found, more: checked < candidates.length };
  }
}

const SUFFIXES = ["ing", "ed", "es", "s", "ly", "er", "ers", "ment", "ments", "ion", "ions", "d"];

/** The words a word may come from by an English inflection, longest first: exported → export. */
export function roots(word) {
  const found = [];
  for (const suffix of SUFFIXES) {
    const root = word.slice(0, -suffix.length);
    if (word.endsWith(suffix) && root.length >= 2) found.push(root, root + "e");
  }
  return Array.from(new Set(found)).sort((a, b) => b.length - a.length);
}

/** Sections with every complete slot (a slot whose term lists were cut cannot exclude one),
 *  those found in more of the lists first (likelier to have the whole query, so fewer fragments
 *  are loaded for nothing), then by the sum of their impacts, where a cut list's floor stands
 *  in for a section it left out. */
function rank(slots) {
  const complete = slots.filter((s) => !s.floor);
  let keys;
  if (complete.length) {
    complete.sort((a, b) => a.postings.size - b.postings.size);
    keys = Array.from(complete[0].postings.keys()).filter((k) => complete.every((s) => s.postings.has(k)));
  } else {
    keys = Array.from(new Set(slots.flatMap((s) => Array.from(s.postings.keys()))));
  }
  return keys
    .map((key) => ({
      key,
      found: slots.reduce((n, s) => n + s.postings.has(key), 0),
      score: slots.reduce((sum, s) => sum + (s.postings.get(key) ?? s.floor), 0),
    }))
    .sort((a, b) => b.found - a.found || b.score - a.score || a.key - b.key);
}

/** Where `text` has the query ([[start, end], ...], in order), or null if it lacks some of it. */
export function matches(text, parts, resolved) {
  const words = Array.from(text.matchAll(PIECE), (m) => ({ start: m.index, end: m.index + m[0].length, text: m[0].toLowerCase() }));
  const marks = [];
  const fits = parts.map((part, i) => (w) => resolved[i].forms.has(w.text) || (part.prefix && w.text.startsWith(part.text)));
  for (const [i, part] of parts.entries()) {
    const before = marks.length;
    if (part.run) {
      // Japanese has no word boundaries: the run as written, anywhere.
      for (let at = text.indexOf(part.text); at !== -1; at = text.indexOf(part.text, at + 1)) marks.push([at, at + part.text.length]);
    } else if (part.phrase === -1) {
      for (const w of words) if (fits[i](w)) marks.push([w.start, w.end]);
    } else {
      const phrase = parts.map((p, j) => [p, j]).filter(([p]) => p.phrase === part.phrase && !p.run);
      if (phrase[0][1] !== i) continue; // a phrase is matched from its first word
      for (let k = 0; k + phrase.length <= words.length; k++) {
        if (phrase.every(([, j], n) => fits[j](words[k + n]))) marks.push([words[k].start, words[k + phrase.length - 1].end]);
      }
    }
    if (marks.length === before) return null;
  }
  return marks.sort((a, b) => a[0] - b[0]);
}

/** `text` cut to about `length` characters around its first mark: [[piece, marked], ...]. */
export function excerpt(text, marks, length) {
  const chars = text.length;
  let start = Math.max(0, (marks[0]?.[0] ?? 0) - Math.floor(length / 4));
  let end = Math.min(chars, start + length);
  start = Math.max(0, Math.min(start, end - length));
  if (start > 0) start = snap(text, start, -1);
  if (end < chars) end = snap(text, end, 1);
  const out = start > 0 ? [["…", false]] : [];
  let at = start;
  for (const [from, to] of marks) {
    if (from < at || from >= end) continue;
    out.push([text.slice(at, from), false], [text.slice(from, Math.min(to, end)), true]);
    at = Math.min(to, end);
  }
  out.push([text.slice(at, end), false]);
  if (end < chars) out.push(["…", false]);
  return out.filter(([piece]) => piece);
}

/** A cut moved to the nearest space within a few characters (Japanese has none: it stays). */
function snap(text, at, direction) {
  for (let i = 0; i < 12; i++) {
    const j = at + i * direction;
    if (j <= 0 || j >= text.length) return Math.max(0, Math.min(text.length, j));
    if (text[j] === " ") return direction < 0 ? j + 1 : j;
  }
  return at;
}

/** A fetched file's JSON, gzip-compressed or not (a server may have decompressed it already). */
async function unpack(bytes) {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return JSON.parse(await new Response(stream).text());
  }
  return JSON.parse(new TextDecoder().decode(bytes));
}
