"""Named exceptions raised by the corpus library."""


class CorpusError(Exception):
    """Base class of every error the corpus library raises on purpose."""


class ArticleError(CorpusError):
    """An article file that cannot be read or parsed; the message is a one-line reason."""


class QueryError(CorpusError):
    """A query that cannot be answered as written (empty, bad filter); the message says why."""


class IndexError_(CorpusError):  # noqa: N801 - avoids shadowing the builtin IndexError
    """The on-disk index is missing, locked or unusable."""
