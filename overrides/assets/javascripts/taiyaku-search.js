// taiyaku: the header's search box, over the indexes the build writes (one per language,
// hooks/taiyaku/search/); taiyaku-search-index.js searches one. The page's language is searched
// by default; the scope control adds the other language.
//
// Through the translation: a line-aligned article's paragraph k translates the other page's
// paragraph k. When the page's language does not fill the list, the query is also searched in
// the other language, and each paragraph it matches there brings its counterpart on this page,
// ranked under every direct result and shown with the matching paragraph under it: an English
// word finds the Japanese paragraphs that translate it, a Japanese word the English originals.
// Only then, and only for a query in the other language's script (an English word on the
// Japanese site, Japanese on the English one; the other index has nothing else this one lacks):
// a query the page's language answers costs nothing more.

import { Index, MISS, TITLE, excerpt, matchedPart, parse, slugOf } from "./taiyaku-search-index.js";

const RESULTS = 10; // sections shown at first, grouped into articles; each "more" adds as many
// (a phone shows about five; every section shown costs its fragment, 0.6-1.2 KB, and an English
// word typed a letter at a time is searched at each letter)
const EXCERPT = { ja: 90, en: 200 }; // characters: Japanese says as much in fewer
const SECTIONS_PER_ARTICLE = 3;
const CROSSED = 10; // results through the translation at most: each costs a fragment in both languages
const CROSS_WAIT_MS = 150; // an English word being typed: its prefixes do not cross, the word does
// (unless all that crossing needs has arrived before: the same word typed again crosses at once)
const DEBOUNCE_MS = 20; // a key held down (or typed fast): one search, not one per character

const TEXT = {
  ja: {
    none: "該当する記事はありません",
    opening: "冒頭",
    count: (n, more) => `${n}${more ? "+" : ""} 件の該当箇所`,
    lang: { ja: "日本語", en: "英語" },
    loading: "検索中…",
    error: "検索を読み込めませんでした",
    via: "英語の原文で一致",
    more: "さらに表示",
  },
  en: {
    none: "No matching articles",
    opening: "Opening",
    count: (n, more) => (n === 1 && !more ? "1 matching section" : `${n}${more ? "+" : ""} matching sections`),
    lang: { ja: "Japanese", en: "English" },
    loading: "Searching…",
    error: "Search could not be loaded",
    via: "Matched in the Japanese translation",
    more: "More results",
  },
};

function setUp(root) {
  const toggle = document.getElementById("__search");
  const input = root.querySelector(".md-search__input");
  const form = root.querySelector(".md-search__form");
  const meta = root.querySelector(".tk-search__meta");
  const list = root.querySelector(".md-search-result__list");
  const scope = root.querySelector(".tk-search__scope input");
  const pageLang = root.dataset.lang;
  const otherLang = pageLang === "ja" ? "en" : "ja";
  const bundles = JSON.parse(root.dataset.bundles);
  const text = TEXT[pageLang] || TEXT.en;
  const indexes = {};
  const siteRoot = new URL(root.dataset.root, document.baseURI).href;
  let current = 0;
  let timer = null;
  let limit = RESULTS; // sections asked for: RESULTS more at each "more"
  let asked = ""; // the query they were asked for

  function index(lang) {
    indexes[lang] ??= new Index(new URL(bundles[lang], document.baseURI).href);
    return indexes[lang];
  }

  const open = () => {
    if (!toggle.checked) toggle.checked = true;
    // Load the index's table of chunks while the reader types.
    index(pageLang).meta.catch(() => {});
  };
  const close = () => {
    toggle.checked = false;
    input.blur();
  };

  async function run() {
    const query = input.value.trim();
    const id = ++current;
    if (!query) {
      list.replaceChildren();
      meta.textContent = "";
      root.dataset.shown = "";
      return;
    }
    if (query !== asked) limit = RESULTS;
    asked = query;
    meta.textContent = text.loading;
    const langs = scope.checked ? [pageLang, otherLang] : [pageLang];
    const parts = parse(query);
    // A query in the other language's script may cross (not with both languages searched: the
    // other one's results are then in the list as they are). What ranking it there takes loads
    // while this index searches, unless it is an English word still being typed (its prefixes
    // are not to cross: their chunks would cost 2-6 KB at 1,000 articles, to save 10-20 ms).
    const crossable = mayCross(parts);
    const typing = crossable && !parts[parts.length - 1].run && !/[\s"]$/.test(input.value);
    if (crossable && !typing) index(otherLang).warm(query, Math.min(limit, CROSSED)).catch(() => {});
    const shown = `${langs.join("+")}:${query}`;
    // The first results of a search (one language's, then the crossed ones under the direct)
    // may be shown before the rest of its page has arrived: never over a list rendered whole since.
    let stage = 0;
    const partly = (at, before = []) => (sections) => {
      if (id !== current || stage !== at || !sections.length || limit > RESULTS) return;
      render(before.concat(sections), false, false, false, true);
      root.dataset.first ||= shown;
    };
    try {
      const answers = await Promise.all(
        langs.map(async (lang) => {
          const withLang = (sections) => sections.map((section) => ({ ...section, lang }));
          const first = langs.length === 1 ? (sections) => partly(0)(withLang(sections)) : null;
          const { sections, more } = await index(lang).search(query, limit, undefined, first);
          return { more, sections: withLang(sections) };
        }),
      );
      if (id !== current) return; // a later keystroke's search owns the box
      stage = 1;
      const found = answers.flatMap((a) => a.sections).sort((a, b) => b.score - a.score);
      let more = answers.some((a) => a.more) || found.length > limit;
      const crossing = crossable && found.length < limit;
      render(found.slice(0, limit), more && !crossing, langs.length > 1, crossing);
      if (found.length || !crossing) root.dataset.first ||= shown;
      if (crossing) {
        const wanted = Math.min(limit - found.length, CROSSED);
        // The direct results stay, whatever happens to the other language's index.
        const none = (error) => {
          console.warn(error);
          return { sections: [], more: false };
        };
        let crossed = null;
        if (typing) {
          // What has arrived may answer at once (the word was typed before); else the reader's pause.
          crossed = await throughTranslation(query, wanted, found, true).catch((error) => (error === MISS ? null : none(error)));
          if (id !== current) return;
          if (!crossed) {
            await new Promise((resolve) => setTimeout(resolve, CROSS_WAIT_MS));
            if (id !== current) return;
          }
        }
        crossed ??= await throughTranslation(query, wanted, found, false, partly(1, found)).catch(none);
        stage = 2;
        if (id !== current) return;
        more ||= crossed.more && limit - found.length < CROSSED; // asking for more gives no more past CROSSED
        render(found.concat(crossed.sections), more, false, false);
      }
      // What the list shows now (tests and tests/bench_search.py wait for it; "first": its first results).
      root.dataset.first ||= shown;
      root.dataset.shown = shown;
    } catch (error) {
      if (id !== current) return;
      meta.textContent = text.error;
      list.replaceChildren();
      throw error;
    }
  }

  /** Whether a query (its parts) is in the other language's script and may cross. */
  const mayCross = (parts) => !scope.checked && parts.some((part) => part.run === (otherLang === "ja"));

  /** This page's paragraphs whose counterparts in the other language have the query, best
   *  first, leaving out the sections `direct` already shows: at most `wanted`. Each hit's
   *  counterpart is asked for as soon as the hit is proven, not after the whole search; the
   *  first hits' are given to `onFirst` as soon as they are there (Index.search's onFirst).
   *  `cachedOnly`: from the files that have arrived, else MISS. */
  async function throughTranslation(query, wanted, direct, cachedOnly = false, onFirst = null) {
    const [other, own] = [index(otherLang), index(pageLang)].map((i) => (cachedOnly ? i.cached() : i));
    const counterparts = new Map();
    const counterpart = (hit) => {
      if (!counterparts.has(hit.key)) {
        const matched = matchedPart(hit);
        const mine = matched ? own.counterpart(slugOf(hit.url), matched.k) : Promise.resolve(null);
        const pair = mine.then((found) => found && { matched, mine: found });
        pair.catch(() => {}); // read below, unless the search fails first
        counterparts.set(hit.key, pair);
      }
      return counterparts.get(hit.key);
    };
    /** The hits as this page's sections, each once and none that `direct` shows. */
    const crossedOf = async (hits) => {
      const shown = new Set(direct.map((section) => section.key));
      const crossed = [];
      for (const hit of hits) {
        const pair = await counterpart(hit);
        if (!pair || shown.has(pair.mine.key)) continue;
        const { matched, mine } = pair;
        shown.add(mine.key);
        // The sections before the body's first heading differ (the key points are one on the
        // Japanese page): a heading is the counterpart's only where both have one.
        const heading = matched.k !== TITLE && hit.heading && mine.heading;
        crossed.push({ ...mine, heading, score: hit.score, lang: pageLang, marks: [], via: { ...matched, lang: otherLang } });
      }
      return crossed;
    };
    const first = onFirst && ((hits) => crossedOf(hits).then(onFirst, () => {}));
    const { sections, more } = await other.search(query, wanted, counterpart, first);
    return { sections: await crossedOf(sections), more };
  }

  /** `pending`: the other language may add results; `partial`: this language's page is not all there yet. */
  function render(sections, more, marked, pending = false, partial = false) {
    meta.textContent = partial ? text.loading : sections.length ? text.count(sections.length, more) : pending ? text.loading : text.none;
    const articles = new Map();
    for (const section of sections) {
      const page = section.url.split("#")[0];
      if (!articles.has(page)) articles.set(page, []);
      const group = articles.get(page);
      if (group.length < SECTIONS_PER_ARTICLE) group.push(section);
    }
    list.replaceChildren(...Array.from(articles.values(), (group) => item(group, marked)));
    if (more) list.append(moreButton());
  }

  /** Asks for RESULTS more sections of the same query: only their fragments are fetched. */
  function moreButton() {
    const li = element("li", "tk-search__more");
    const button = element("button", "md-button", text.more);
    button.type = "button";
    button.addEventListener("click", () => {
      const before = new Set(links().map((link) => link.href));
      limit += RESULTS;
      delete root.dataset.shown;
      // The first result that was not shown gets the focus (a new section may join its article's group).
      run().then(() => links().find((link) => link.href && !before.has(link.href))?.focus());
    });
    li.append(button);
    return li;
  }

  function item(group, marked) {
    const li = element("li", "md-search-result__item");
    group.forEach((section, i) => {
      const link = element("a", "md-search-result__link");
      link.href = new URL(section.url, siteRoot).href;
      link.tabIndex = -1;
      const article = element("article", "md-search-result__article md-typeset");
      article.lang = section.lang;
      if (i === 0) {
        article.append(element("div", "md-search-result__icon md-icon"));
        const title = element("h1", "", section.title);
        if (marked) title.append(element("span", "tk-search__lang", text.lang[section.lang]));
        article.append(title);
      }
      // The text before the first heading has none: under another section it is named as such.
      const heading = section.heading || (i === 0 ? "" : text.opening);
      if (heading) article.append(element(i === 0 ? "p" : "h2", i === 0 ? "tk-search__section" : "", heading));
      const cut = element("p");
      for (const [part, mark] of excerpt(section.text, section.marks, EXCERPT[section.lang])) {
        cut.append(mark ? element("mark", "", part) : document.createTextNode(part));
      }
      article.append(cut);
      if (section.via) article.append(via(section.via));
      link.append(article);
      li.append(link);
    });
    return li;
  }

  /** The other language's paragraph that matched, under this one's, and what it is. */
  function via({ lang, text: matched, marks }) {
    const box = element("div", "tk-search__via");
    box.append(element("span", "tk-search__via-label", text.via));
    const cut = element("p");
    cut.lang = lang;
    for (const [part, mark] of excerpt(matched, marks, EXCERPT[lang])) {
      cut.append(mark ? element("mark", "", part) : document.createTextNode(part));
    }
    box.append(cut);
    return box;
  }

  const links = () => Array.from(list.querySelectorAll(".md-search-result__link, .tk-search__more button"));

  input.addEventListener("focus", open);
  input.addEventListener("input", (event) => {
    delete root.dataset.shown; // the list is now behind the query
    delete root.dataset.first;
    // The other index's table starts loading with the first key (or kana being composed) that may cross.
    if (mayCross(parse(input.value))) index(otherLang).meta.catch(() => {});
    if (event.isComposing) return; // an IME is still composing: search what it commits
    clearTimeout(timer);
    // Several characters at once (an IME's word, a paste) are searched at once: the wait is for
    // a key held down.
    timer = setTimeout(run, Array.from(event.data || "").length > 1 ? 0 : DEBOUNCE_MS);
  });
  input.addEventListener("compositionend", () => {
    clearTimeout(timer);
    timer = setTimeout(run);
  });
  scope.addEventListener("change", () => {
    delete root.dataset.shown;
    run();
    input.focus();
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", () => {
    setTimeout(run);
    input.focus();
  });
  toggle.addEventListener("change", () => (toggle.checked ? input.focus() : input.blur()));
  list.addEventListener("click", (event) => {
    if (event.target.closest("a")) close(); // the result may be on this page: only the hash changes
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    const inside = root.contains(document.activeElement);
    if (!inside) {
      // Material's shortcuts for its search box: f, s and /, not while typing elsewhere.
      const typing = document.activeElement?.matches?.("input, textarea, select, [contenteditable]");
      if (!typing && ["f", "s", "/"].includes(event.key)) {
        event.preventDefault();
        open();
        input.focus();
        input.select();
      }
      return;
    }
    const all = links();
    const at = all.indexOf(document.activeElement);
    switch (event.key) {
      case "Escape":
        event.preventDefault();
        close();
        break;
      case "ArrowDown":
      case "ArrowUp": {
        if (!all.length || (document.activeElement === scope)) return;
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        const next = at + step;
        if (next < 0) input.focus();
        else all[Math.min(next, all.length - 1)].focus();
        break;
      }
      case "Enter":
        if (document.activeElement === input && all.length) {
          event.preventDefault();
          all[0].click();
        }
        break;
    }
  });
}

function element(tag, className = "", textContent = "") {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (textContent) node.textContent = textContent;
  return node;
}

const root = document.querySelector(".tk-search");
if (root) setUp(root);
