"""coverage-bot's corpus library: parse news articles, index them, and search the coverage.

Pure library: it never imports ``telegram``.
"""
from corpus.errors import ArticleError, CorpusError, IndexError_, QueryError
from corpus.models import Also, Article, Hit, Passage

__all__ = ["Also", "Article", "ArticleError", "CorpusError", "Hit", "IndexError_", "Passage", "QueryError"]
