"""Site search: what is indexed of each article, how text becomes terms, and the index files.

- `tokens`: NFKC, character pairs and triples for Japanese and stems for words, the same at index and at query time;
- `sections`: an article's rendered HTML as titled sections, without what is not its content;
- `index`: one language's sections as a term dictionary in chunks and one fragment per article;
- `bundle`: rendered pages to one index per language, each written in a process of its own.

No MkDocs here: hooks/taiyaku_search.py collects the pages and calls `bundle.start`.
"""
