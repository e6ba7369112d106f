"""Text: folding for matching (``normalize``) and Chinese segmentation (``segment``)."""
from corpus.text.normalize import (
    characters,
    clean_spaces,
    is_wordish,
    normalize,
    normalize_with_offsets,
)
from corpus.text.segment import STOPWORDS, ensure_segmenter, index_terms, query_terms, segment

__all__ = ["STOPWORDS", "characters", "clean_spaces", "ensure_segmenter", "index_terms", "is_wordish", "normalize",
           "normalize_with_offsets", "query_terms", "segment"]
