"""coverage-bot's corpus library: parse news articles, index them, and search the coverage.

Pure library: it never imports ``telegram``. Its stages, each importing only those above it:
``ingest`` (files to articles), ``text`` (folding, segmentation), ``store`` (SQLite and tantivy),
``retrieve`` (queries to passages), ``answer`` (dates, /when, stories, coverage, /compare, digests). Importing the
package registers the steps the indexer runs after each update (stories), wherever an index is opened.
"""
from corpus.answer.asked_outlets import OutletVerdict, asked_outlets, is_outlet_question
from corpus.answer.compare import Comparison, Quote, compare, compare_story, is_compare_question
from corpus.answer.coverage import APART_HOURS, asked_event, best_story, is_coverage_question, strip_coverage_question
from corpus.answer.dates import DateMention, find_dates
from corpus.answer.digest import DigestArticle, DigestStory, new_since, published_on, rank, stories_of
from corpus.answer.stories import Story, StoryArticle, story, story_of_article
from corpus.answer.when import Evidence, WhenAnswer, answer_when, is_when_question, strip_question
from corpus.errors import ArticleError, CorpusError, IndexError_, QueryError
from corpus.models import Also, Article, Hit, Passage
from corpus.retrieve.search import Retriever, SearchResult, parse_query, resolve_sources
from corpus.store.index import CorpusIndex, IndexStats, SourceStats, UpdateReport

__all__ = [
    "APART_HOURS", "asked_event", "asked_outlets", "is_outlet_question", "OutletVerdict", "Comparison",
    "Quote", "compare", "compare_story", "is_compare_question",
    "Also", "Article", "ArticleError", "CorpusError", "CorpusIndex", "DateMention", "DigestArticle", "DigestStory",
    "Evidence", "Hit", "IndexError_", "IndexStats", "Passage", "QueryError", "Retriever", "SearchResult",
    "SourceStats", "Story", "StoryArticle", "UpdateReport", "WhenAnswer", "answer_when", "best_story", "find_dates",
    "is_coverage_question", "is_when_question", "new_since", "parse_query", "published_on", "rank",
    "resolve_sources", "stories_of", "story", "story_of_article", "strip_coverage_question", "strip_question",
]
