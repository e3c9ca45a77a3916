// taiyaku: the header's search box, over the Pagefind bundles the build writes (one per language,
// hooks/taiyaku/search/bundle.py). The page's language is searched by default; the scope control
// adds the other language. Japanese goes through queryTerms, the mirror of
// hooks/taiyaku/search/tokens.py (tests/test_search_browser.py checks that they agree).

// Kanji (with 々〆), hiragana, katakana with ー but not the middle dot ・: tokens.py's _CJK.
const CJK = "\u3005\u3006\u3041-\u309f\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}";
const RUN = new RegExp(`[${CJK}]+`, "gu");
const TOKEN = new RegExp(`^[${CJK}]{1,2}$`, "u");

export function normalize(text) {
  return text.normalize("NFKC").replace(/\u200b/g, "");
}

function pairs(run, withLast) {
  const chars = Array.from(run);
  if (chars.length === 1) return [run];
  const tokens = chars.slice(1).map((b, i) => chars[i] + b);
  if (withLast) tokens.push(chars[chars.length - 1]);
  return tokens;
}

function encode(text, withLast) {
  return normalize(text).replace(RUN, (run) => ` ${pairs(run, withLast).join(" ")} `);
}

export const indexText = (text) => encode(text, true);
export const queryTerms = (query) => encode(query, false).split(/\s+/).filter(Boolean).join(" ");

/** Readable text from words of indexText's output, each [text, marked]: tokens.py's decode,
 *  keeping Pagefind's highlight. Returns [[text, marked], ...] to render. */
export function decodeWords(words) {
  const out = [];
  let last = null;
  const push = (text, marked) => {
    const prev = out[out.length - 1];
    if (prev && prev[1] === marked) prev[0] += text;
    else if (text) out.push([text, marked]);
  };
  for (const [word, marked] of words) {
    if (!TOKEN.test(word)) {
      push((out.length && last === null ? " " : "") + word, marked);
      last = null;
      continue;
    }
    const chars = Array.from(word);
    if (last === chars[0]) {
      const prev = out[out.length - 1];
      // A matched pair whose first character the previous token already gave: that character
      // moves into the highlight, so that 福祉 in モデル福祉 is marked whole.
      if (marked && prev && !prev[1]) {
        prev[0] = Array.from(prev[0]).slice(0, -1).join("");
        if (!prev[0]) out.pop();
        push(chars.join(""), marked);
      } else push(chars.slice(1).join(""), marked);
    } else push(chars.join(""), marked);
    last = chars[chars.length - 1];
  }
  return out;
}

export const decode = (text) => decodeWords(text.split(/\s+/).filter(Boolean).map((w) => [w, false])).map(([t]) => t).join("");

/** Pagefind's excerpt (words joined by spaces, matched words wrapped in <mark>) as [word, marked]. */
function excerptWords(excerpt) {
  const text = new DOMParser().parseFromString(`<p>${excerpt}</p>`, "text/html").body;
  const words = [];
  for (const node of text.firstChild.childNodes) {
    const marked = node.nodeName === "MARK";
    for (const word of node.textContent.split(/\s+/)) if (word) words.push([word, marked]);
  }
  return words;
}

// ---- the search box ------------------------------------------------------------------------

const INDEX_LANGUAGE = { ja: "zxx", en: "en" }; // hooks/taiyaku/search/bundle.py's
const RESULTS = 20; // sections loaded per search, grouped into articles
const SECTIONS_PER_ARTICLE = 3;
const DEBOUNCE_MS = 80;

const TEXT = {
  ja: {
    none: "該当する記事はありません",
    opening: "冒頭",
    count: (n) => `${n} 件の該当箇所`,
    lang: { ja: "日本語", en: "英語" },
    loading: "検索中…",
    error: "検索を読み込めませんでした",
  },
  en: {
    none: "No matching articles",
    opening: "Opening",
    count: (n) => (n === 1 ? "1 matching section" : `${n} matching sections`),
    lang: { ja: "Japanese", en: "English" },
    loading: "Searching…",
    error: "Search could not be loaded",
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
  const bundles = JSON.parse(root.dataset.bundles);
  const text = TEXT[pageLang] || TEXT.en;
  const instances = {};
  let current = 0;
  let timer = null;

  function instance(lang) {
    instances[lang] ??= (async () => {
      const base = new URL(bundles[lang], document.baseURI).href;
      const pagefind = await import(base + "pagefind.js");
      // Hack: a Pagefind instance takes the language it processes queries in from <html lang>,
      // whatever its options say, and for "ja" re-segments the query with Intl.Segmenter
      // (pagefind#1237), which would split the pairs queryTerms makes. The instance is created
      // under the language its bundle is filed under (bundle.py's INDEX_LANGUAGE); it reads the
      // attribute once, synchronously, and the page never renders in between.
      const html = document.documentElement;
      const pageLangAttribute = html.getAttribute("lang");
      let search;
      html.setAttribute("lang", INDEX_LANGUAGE[lang]);
      try {
        search = pagefind.createInstance({ basePath: base, noWorker: true });
      } finally {
        html.setAttribute("lang", pageLangAttribute);
      }
      // Japanese excerpts count tokens, one per character: a longer window for the same span.
      await search.options({ excerptLength: lang === "ja" ? 50 : 24 });
      return search;
    })();
    return instances[lang];
  }

  const open = () => {
    if (!toggle.checked) toggle.checked = true;
    // Start loading Pagefind (script, WebAssembly, index metadata) while the reader types.
    instance(pageLang).catch(() => {});
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
    meta.textContent = text.loading;
    const langs = scope.checked ? [pageLang, pageLang === "ja" ? "en" : "ja"] : [pageLang];
    let found;
    try {
      const terms = queryTerms(query);
      const answers = await Promise.all(
        langs.map(async (lang) => ((await (await instance(lang)).search(terms)).results || []).map((r) => ({ ...r, lang }))),
      );
      found = answers.flat().sort((a, b) => b.score - a.score);
      const loaded = await Promise.all(found.slice(0, RESULTS).map(async (r) => ({ lang: r.lang, ...(await r.data()) })));
      if (id !== current) return; // a later keystroke's search owns the box
      render(loaded, found.length, langs.length > 1);
      // What the list shows now (tests and tests/bench_search.py wait for it).
      root.dataset.shown = `${langs.join("+")}:${query}`;
    } catch (error) {
      if (id !== current) return;
      meta.textContent = text.error;
      list.replaceChildren();
      throw error;
    }
  }

  function render(sections, total, marked) {
    meta.textContent = total ? text.count(total) : text.none;
    const articles = new Map();
    for (const section of sections) {
      const page = section.url.split("#")[0];
      if (!articles.has(page)) articles.set(page, []);
      const group = articles.get(page);
      if (group.length < SECTIONS_PER_ARTICLE) group.push(section);
    }
    list.replaceChildren(...Array.from(articles.values(), (group) => item(group, marked)));
  }

  function item(group, marked) {
    const li = element("li", "md-search-result__item");
    group.forEach((section, i) => {
      const link = element("a", "md-search-result__link");
      link.href = section.url;
      link.tabIndex = -1;
      const article = element("article", "md-search-result__article md-typeset");
      article.lang = section.lang;
      if (i === 0) {
        article.append(element("div", "md-search-result__icon md-icon"));
        const title = element("h1", "", section.meta.title);
        if (marked) title.append(element("span", "tk-search__lang", text.lang[section.lang]));
        article.append(title);
      }
      // The text before the first heading has none: under another section it is named as such.
      const heading = section.meta.section || (i === 0 ? "" : text.opening);
      if (heading) article.append(element(i === 0 ? "p" : "h2", i === 0 ? "tk-search__section" : "", heading));
      const excerpt = element("p");
      const words = excerptWords(section.excerpt);
      for (const [part, mark] of section.lang === "ja" ? decodeWords(words) : words.map(([w, m], k) => [(k ? " " : "") + w, m])) {
        excerpt.append(mark ? element("mark", "", part.trim()) : document.createTextNode(part));
        if (mark && /^\s/.test(part)) excerpt.lastChild.before(" ");
      }
      article.append(excerpt);
      link.append(article);
      li.append(link);
    });
    return li;
  }

  const links = () => Array.from(list.querySelectorAll(".md-search-result__link"));

  input.addEventListener("focus", open);
  input.addEventListener("input", (event) => {
    delete root.dataset.shown; // the list is now behind the query
    if (event.isComposing) return; // an IME is still composing: search what it commits
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  });
  input.addEventListener("compositionend", () => {
    clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
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
