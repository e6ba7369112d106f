"""Text: folding for matching (``normalize``) and Chinese segmentation (``segment``)."""
from corpus.text.normalize import (
    characters,
    clean_spaces,
    is_wordish,
    normalize,
    normalize_original_spans,
    normalize_with_offsets,
)
from corpus.text.segment import (
    STOPWORDS,
    ensure_segmenter,
    ensure_tagger,
    folded_terms,
    index_terms,
    query_terms,
    segment,
)

__all__ = ["STOPWORDS", "characters", "clean_spaces", "ensure_segmenter", "ensure_tagger", "folded_terms",
           "index_terms", "is_wordish", "normalize", "normalize_original_spans", "normalize_with_offsets",
           "query_terms", "segment"]
