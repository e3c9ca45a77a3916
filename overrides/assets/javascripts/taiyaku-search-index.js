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

const KANA_TRIPLE = /[\u3041-\u309f]/u;

/** tokens.py's triples: the triple at `i` of a run's chars if it has a hiragana, else null. */
function triple(chars, i) {
  const three = chars.slice(i, i + 3).join("");
  return KANA_TRIPLE.test(three) ? three : null;
}

/** tokens.py's grams: a run's overlapping character pairs, its triples with a hiragana, and its last character. */
export function grams(run) {
  const chars = Array.from(run);
  if (chars.length === 1) return [run];
  const pairs = chars.slice(1).map((b, i) => chars[i] + b);
  const triples = chars.slice(2).map((_, i) => triple(chars, i)).filter(Boolean);
  return pairs.concat(triples, chars[chars.length - 1]);
}

/** tokens.py's run_keys: what a query's run of two characters or more looks up. */
export function runKeys(run) {
  const chars = Array.from(run);
  if (chars.length < 3) return [run];
  const keys = chars.slice(2).flatMap((_, i) => {
    const three = triple(chars, i);
    return three ? [three] : [chars[i] + chars[i + 1], chars[i + 1] + chars[i + 2]];
  });
  return Array.from(new Set(keys));
}

const PREFIX_MIN = 3; // the word being typed matches as a prefix from this many letters on
const PREFIX_TERMS = 32; // terms a prefix may stand for
const FIRST = 5; // sections shown before the rest of the first page has arrived (a phone shows about five)
const BATCHES = 6; // rounds of fragments loaded to check candidates, each of up to `wanted`: 60 at most for a page of 10
const SECTION = 4096; // a section's key: article * SECTION + its number in the article

/** What a search of `cached()` meets where it would have to fetch a file. */
export const MISS = new Error("taiyaku: not fetched yet");

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
    this.settled = new Set(); // the files that have arrived (or failed: a missing p/ table says "not aligned")
    this.meta = this.fetch("index.jz", false);
  }

  fetch(path, versioned = true) {
    if (!this.files.has(path)) {
      const file = (async () => {
        const query = versioned ? `?v=${(await this.meta).v}` : "";
        // The table itself is revalidated: a stale one would point into a newer build.
        const response = await fetch(new URL(path + query, this.base), versioned ? {} : { cache: "no-cache" });
        if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
        return unpack(new Uint8Array(await response.arrayBuffer()));
      })();
      const settle = () => this.settled.add(path);
      file.then(settle, settle);
      this.files.set(path, file);
    }
    return this.files.get(path);
  }

  /** This index as far as its files have arrived: a search of it fetches nothing and fails
   *  with MISS where it would have to, so the box can tell what it may show at once. */
  cached() {
    const view = Object.create(this);
    view.fetch = (path) => (this.settled.has(path) ? this.files.get(path) : Promise.reject(MISS));
    return view;
  }

  /** Fetches what ranking `query` takes (its chunks, and the list pages that prove its first
   *  `wanted`) but no fragment: a search of it then waits only for its fragments. */
  async warm(query, wanted) {
    const parts = parse(query);
    if (!parts.length) return;
    const { slots, fit } = await this.resolve(parts);
    await this.proven(slots, wanted, fit);
  }

  /** The query's parts as slots to rank, and the test of a section's places (`fit`). */
  async resolve(parts) {
    const resolved = await Promise.all(parts.map((part) => this.slots(part)));
    const slots = resolved.flatMap((r) => r.slots);
    const fit = (key) => resolved.every((r) => !r.fits || r.fits(key));
    return { resolved, slots, fit };
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

  /** The terms a piece of the query stands for, each [term, entry, typed]: typed is false for
   *  the terms of a prefix (the word being typed, or a single kanji or kana). */
  async terms(part) {
    if (part.run) {
      if (part.prefix) return (await this.withPrefix(part.text)).filter(([, e]) => e.t).map(([k, e]) => [k, e, false]);
      return Promise.all(runKeys(part.text).map(async (key) => [key, (await this.entry(key)) || {}, true]));
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
    const typed = Array.from(stems)[0];
    if (part.prefix) {
      for (const [key, entry] of await this.withPrefix(part.text)) {
        if (entry.t) stems.add(key);
        if (entry.f) stems.add(entry.f);
      }
    }
    const terms = await Promise.all(
      Array.from(stems).slice(0, PREFIX_TERMS).map(async (s) => [s, (await this.entry(s)) || {}, s === typed]),
    );
    return terms.filter(([, e]) => e.t);
  }

  /** What one piece requires of a section: its slots (see Slot), and a test of a text piece. */
  async slots(part) {
    const terms = await this.terms(part);
    const { r: range, q: top } = await this.meta;
    const list = (entry, bonus, typed = true) => new List(this, entry, bonus, range, top, typed);
    const slots = [];
    let fits = null;
    if (part.run && !part.prefix) {
      // A key the index lacks: no section has the run (an empty list, complete).
      for (const [, entry] of terms) slots.push(new Slot([list(entry.t || [0, 0, []], 0)]));
      // Its pairs and triples each at its offset in the run, somewhere (index.py's places):
      // else the run is not there.
      const chars = Array.from(part.text);
      const placed = terms.map(([key], i) => {
        const size = Array.from(key).length;
        const offset = chars.findIndex((_, at) => chars.slice(at, at + size).join("") === key);
        return [slots[i].lists[0], offset];
      });
      if (placed.length > 1) fits = (key) => together(placed, key);
    } else {
      const lists = terms.map(([, entry, typed]) => list(entry.t, 0, typed));
      // The word as typed, where its stem has relatives: its sections come first.
      const exact = !part.run && (await this.entry(part.text))?.e;
      if (exact && lists.length) lists.push(list(exact, EXACT));
      slots.push(new Slot(lists));
    }
    return { slots, fits, forms: new Set([part.text, ...terms.flatMap(([term, e]) => [term, ...(e.w || [])])]) };
  }

  /** The sections that have the query, best first, each {key, score, url, title, heading, text,
   *  marks, paragraphs}: at most `wanted`; `more` when there may be others. `paragraphs` are a
   *  line-aligned article's, as its fragment lists them ("p"), else undefined. `onFound` is
   *  told of each as soon as its fragment has proven it (before the others of its round);
   *  `onFirst` of the first FIRST candidates' sections, in order, as soon as their fragments
   *  have all arrived (when there are more to wait for). */
  async search(query, wanted, onFound = () => {}, onFirst = null) {
    const parts = parse(query);
    if (!parts.length) return { sections: [], more: false };
    const { resolved, slots, fit } = await this.resolve(parts);
    let candidates = await this.proven(slots, wanted, fit);
    const found = [];
    const checked = new Set();
    for (let batch = 0; batch < BATCHES && found.length < wanted; batch++) {
      const next = candidates.filter(({ key }) => !checked.has(key)).slice(0, wanted - found.length);
      if (!next.length) break;
      const sections = next.map(async ({ key, score }) => {
        const fragment = await this.fetch(`f/${Math.floor(key / SECTION)}-${key % SECTION}.jz`);
        const { u: url, t: title, h: heading, x: text, p: paragraphs } = fragment;
        const marks = matches(text, parts, resolved);
        const section = marks && { key, score, url, title, heading, text, marks, paragraphs };
        if (section) onFound(section);
        return section;
      });
      if (onFirst && batch === 0 && next.length > FIRST) {
        // Each fragment is a request, and ten cost 50-60 ms in Chromium here: the first few
        // can be shown while the others arrive (the list only grows below them).
        Promise.all(sections.slice(0, FIRST)).then((first) => onFirst(first.filter(Boolean)), () => {});
      }
      const round = await Promise.all(sections);
      next.forEach(({ key }) => checked.add(key));
      found.push(...round.filter(Boolean));
      // The check threw some out: the candidates after them must be proven as the first were.
      if (found.length < wanted) candidates = await this.proven(slots, checked.size + wanted - found.length, fit);
    }
    const more = candidates.some(({ key }) => !checked.has(key)) || slots.some((s) => s.floor);
    return { sections: found, more };
  }

  /** Paragraph `k` (TITLE: the title) of the line-aligned article whose URL ends in `slug`, as
   *  this index has it: {key, url (at the paragraph), title, heading, text (the paragraph's, or
   *  the opening's after the title)}; null when this language's page of the article has none.
   *  The other language's search found its paragraph k: index.py's p/ table says which of this
   *  index's fragments holds this one. */
  async counterpart(slug, k) {
    let table;
    try {
      table = await this.fetch(`p/${encodeURIComponent(slug)}.jz`);
    } catch (error) {
      if (error === MISS) throw error;
      return null; // not line-aligned in this language
    }
    const { a: article, s: held } = table;
    if (k === TITLE) {
      const { u: url, t: title, x: text } = await this.fetch(`f/${article}-0.jz`); // the opening starts with the title
      return { key: article * SECTION, url, title, heading: "", text: text.slice(title.length).trim() };
    }
    let section = -1;
    for (let i = 0; i < held.length; i += 3) if (held[i + 1] <= k && k <= held[i + 2]) section = held[i];
    if (section < 0) return null;
    const { u: url, t: title, h: heading, x: text, p: paragraphs } = await this.fetch(`f/${article}-${section}.jz`);
    const found = places(paragraphs).find((p) => p.k === k);
    if (!found) return null;
    return { key: article * SECTION + section, url: `${url.split("#")[0]}#tk-p${k}`, title, heading, text: text.slice(found.start, found.end) };
  }

  /** The candidates, best first, with the first `wanted` proven the best of all sections: while
   *  a section left out of a cut list might still beat them, the next pages of the cut lists
   *  that bound it most are fetched, together. */
  async proven(slots, wanted, fit) {
    for (;;) {
      const { candidates, proven } = rank(slots, wanted, fit);
      if (proven) return candidates;
      const cut = slots.flatMap((s) => s.lists).filter((l) => l.floor && l.typed);
      if (!cut.length) return candidates;
      // One page at a time, the highest floor's, took a round trip and a ranking each: a
      // Japanese run of six common pairs fetched 11 pages one after the other (300 ms at
      // 10,000 articles). Every floor within half of the highest goes down at once instead.
      const highest = Math.max(...cut.map((l) => l.floor));
      await Promise.all(cut.filter((l) => l.floor * 2 >= highest).map((l) => l.more()));
    }
  }
}

const EXACT = 1e4; // a section with a word as typed comes before any with only its relatives
const FIELD = 100; // per term in the title (2) or a heading (1): above any sum of BM25 scores (each <= 1)

/** One posting list (a term's "t" or a word's "e"): its values by section key, what a section
 *  it leaves out may be worth at most (`floor`, 0 when complete), and `more()` for its next page. */
class List {
  constructor(index, [, floor, flat, rest, places], bonus, range, top, typed) {
    this.index = index;
    this.typed = typed; // false: a term of the prefix being typed, taken as far as its list goes
    this.bonus = bonus;
    this.range = range;
    this.top = top;
    this.rest = rest;
    this.page = 0;
    this.values = new Map();
    this.places = new Map();
    this.add(floor, flat, places);
  }

  /** An impact as a value to add up: index.py's _quantized undone, plus where the term stands. */
  value(impact) {
    const score = impact % (this.top + 1);
    return this.bonus + FIELD * Math.floor(impact / (this.top + 1)) + this.range ** ((score - this.top) / (this.top - 1));
  }

  add(floor, flat, places) {
    this.floor = floor ? this.value(floor) : 0;
    let article = 0;
    for (let i = 0; i < flat.length; i += 3) {
      article += flat[i];
      const key = article * SECTION + flat[i + 1];
      this.values.set(key, this.value(flat[i + 2]));
      if (places) this.places.set(key, places[i / 3]);
    }
  }

  async more() {
    const [floor, flat, places] = await this.index.fetch(`r/${this.rest}-${this.page++}.jz`);
    this.add(floor, flat, places);
  }
}

/** What one piece of the query asks of a section: a term of any of its lists (the stem and its
 *  prefix's terms, or one pair of a Japanese run), worth the best of them. */
class Slot {
  constructor(lists) {
    this.lists = lists;
  }

  /** What a section none of its lists has may be worth at most: only the query's own words and
   *  runs count here, not what a prefix being typed may go on to be (that costs no more pages). */
  get floor() {
    return Math.max(0, ...this.lists.map((l) => (l.typed ? l.floor : 0)));
  }

  /** The section's value if a list has it, else undefined. */
  value(key) {
    let best;
    for (const list of this.lists) {
      const v = list.values.get(key);
      if (v !== undefined && !(v <= best)) best = v;
    }
    return best;
  }

  /** The sections its lists have, as a Set or (one list) that list's Map: has(), size, keys(). */
  keys() {
    if (this.lists.length === 1) return this.lists[0].values;
    const all = new Set();
    for (const list of this.lists) for (const key of list.values.keys()) all.add(key);
    return all;
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

/** The sections that may have every slot (and `fit`), best first: those found in every slot by the sum of
 *  their values, then the others by what they may be worth at most (a cut list's floor for each
 *  slot that has not listed them). `proven` when no section outside the first `wanted` (listed
 *  or not) may be worth more than the `wanted`th. */
function rank(slots, wanted, fit) {
  // Once, not per section: a getter over the slot's lists (per section, it took half of the
  // 300 ms that ranking データセンター took at 10,000 articles).
  const floors = slots.map((s) => s.floor);
  const complete = slots.filter((_, i) => !floors[i]);
  let keys;
  if (complete.length) {
    const sets = complete.map((s) => s.keys()).sort((a, b) => a.size - b.size);
    keys = Array.from(sets[0].keys()).filter((k) => sets.every((set) => set.has(k)));
  } else {
    const all = new Set();
    for (const slot of slots) for (const key of slot.keys().keys()) all.add(key);
    keys = Array.from(all);
  }
  keys = keys.filter(fit);
  const full = [];
  const partial = [];
  for (const key of keys) {
    let score = 0;
    let most = 0;
    let missing = false;
    for (let i = 0; i < slots.length; i++) {
      const v = slots[i].value(key);
      if (v === undefined) missing = true;
      else score += v;
      most += Math.max(v ?? 0, floors[i]);
    }
    (missing ? partial : full).push({ key, score: missing ? most : score, most });
  }
  const order = (a, b) => b.score - a.score || a.key - b.key;
  full.sort(order);
  partial.sort(order);
  const candidates = full.concat(partial);
  const unseen = complete.length ? -Infinity : floors.reduce((sum, floor) => sum + floor, 0);
  const bar = full.length >= wanted ? full[wanted - 1].score : -Infinity;
  let rival = unseen;
  for (let i = wanted; i < full.length; i++) rival = Math.max(rival, full[i].most);
  for (const c of partial) rival = Math.max(rival, c.most);
  return { candidates, proven: bar >= rival };
}

const PLACES = 16; // tokens.py's PLACES

/** Whether the pairs and triples of a run (`placed`: [list, offset in the run]) may stand as the
 *  run in section `key`: a place (a list's `places`) is a mask of where the term starts modulo
 *  PLACES, or -1 - where it starts when it does only once (index.py). Each moved back by its
 *  offset, the exact starts must be one, and the masks must meet there (anywhere, with no exact
 *  start). A section whose place in a list is not known (it is not listed) may. (Called for
 *  every section ranked: it allocates nothing.) */
function together(placed, key) {
  const all = (1 << PLACES) - 1;
  let at = all;
  let start = null;
  for (const [list, offset] of placed) {
    const place = list.places.get(key);
    if (place === undefined) continue;
    if (place < 0) {
      const here = -1 - place - offset;
      if (here < 0 || (start !== null && here !== start)) return false;
      start = here;
    } else {
      const by = offset % PLACES;
      at &= ((place >>> by) | (place << (PLACES - by))) & all;
    }
  }
  return start === null ? at !== 0 : ((at >>> start % PLACES) & 1) === 1;
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

/** A fragment's "p" (index.py: differences, three numbers a paragraph) as [{k, start, end}, ...]. */
function places(flat = []) {
  const out = [];
  for (let i = 0, k = 0, end = 0; i < flat.length; i += 3) {
    k += flat[i];
    const start = end + flat[i + 1];
    end = start + flat[i + 2];
    out.push({ k, start, end });
  }
  return out;
}

export const TITLE = -1; // the title, as a paragraph number: a line-aligned article's titles translate each other

/** The part of a search result (a section of a line-aligned article) that its translation has a
 *  counterpart of: the first of its paragraphs (a fragment's "p") that has a
 *  mark, else the article's title if a mark is in it: {k (or TITLE), text, marks (in that text)};
 *  null when the marks are elsewhere (a heading, the lede, a list...: nothing says what translates them). */
export function matchedPart({ text, title, heading, paragraphs, marks }) {
  if (!paragraphs) return null; // not line-aligned
  const within = (start, end) => marks.filter(([from, to]) => from >= start && to <= end).map(([from, to]) => [from - start, to - start]);
  for (const { k, start, end } of places(paragraphs)) {
    const inside = within(start, end);
    if (inside.length) return { k, text: text.slice(start, end), marks: inside };
  }
  if (!heading && text.startsWith(title)) {
    const inside = within(0, title.length);
    if (inside.length) return { k: TITLE, text: title, marks: inside };
  }
  return null;
}

/** The last segment of an article's URL (`articles/x/#a`, `en/articles/x/`: x), which both
 *  languages' pages of an article share. */
export function slugOf(url) {
  return url.split("#")[0].replace(/\/$/, "").split("/").pop();
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
