"""Site search: what Pagefind indexes of each article, and how Japanese becomes search tokens.

- `tokens`: NFKC and character bigrams for Japanese, the same at index and at query time;
- `sections`: an article's rendered HTML as titled sections, without what is not its content;
- `bundle`: the records of every article written as one Pagefind bundle per language.

No MkDocs here: hooks/taiyaku_search.py collects the pages and calls `bundle.write`.
"""
