"""Text: folding for matching (``normalize``) and Chinese segmentation (``segment``)."""
from corpus.text.normalize import (
    characters,
    clean_spaces,
    is_wordish,
    letters_only,
    normalize,
    normalize_original_spans,
    normalize_with_offsets,
)
from corpus.text.segment import (
    STOPWORDS,
    Frequency,
    dictionary_tag,
    ensure_segmenter,
    folded_terms,
    index_terms,
    query_terms,
    segment,
    tagged,
    word_frequency,
)

__all__ = ["STOPWORDS", "Frequency", "characters", "clean_spaces", "dictionary_tag", "ensure_segmenter", "folded_terms",
           "index_terms", "is_wordish", "letters_only", "normalize", "normalize_original_spans",
           "normalize_with_offsets", "query_terms", "segment", "tagged", "word_frequency"]
