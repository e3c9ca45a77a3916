"""The fixed lines of the service's page. A line is a label only when it is the whole line:
the same words inside a paragraph are text."""

KEY_POINTS = "キーポイント"
ANALYSIS_TOGGLE = "影響分析・編集コメントを表示"
IMPACT = "影響分析"
EDITORIAL = "編集コメント"
ORIGINAL_TOGGLE = "原文を表示"
TOC_JA = "目次"
TOC_EN = "Table of Contents"

# Trailing lines of the service's page, not article content.
SITE_CHROME = frozenset({"関連記事", "今日のまとめ", "AI日報で今日の重要ニュースをまとめ読み"})

# How a complete sentence ends; a last line ending otherwise was cut mid-word.
SENTENCE_ENDS = tuple(".!?。！？」』）)】\"”’'…:：;")
