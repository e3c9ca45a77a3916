"""taiyaku: raw article dumps in, bilingual Markdown out. No MkDocs in here: see hooks/*.py for the glue."""

__version__ = "0.1.0"
