"""Coverage: the story that answers a query, found through the passages that match it best."""
from __future__ import annotations

from corpus.answer.stories import Story, story, story_of_article
from corpus.retrieve.search import Retriever


def best_story(retriever: Retriever, query: str, hits: int = 20) -> Story | None:
    """Return the story that the passages best matching ``query`` belong to (None when nothing matches).

    Each article votes for its story with its best passage's score; reprints folded into a hit vote too.
    """
    result = retriever.search(query, top=hits)
    index = retriever.index
    votes: dict[int, dict[str, float]] = {}
    for hit in result.hits:
        for path in (hit.path, *(a.path for a in hit.also)):
            article_id = index.article_id(path)
            story_id = story_of_article(index, article_id) if article_id is not None else None
            if story_id is None:
                continue
            per_article = votes.setdefault(story_id, {})
            per_article[path] = max(per_article.get(path, 0.0), hit.score)
    if not votes:
        return None
    story_id = max(votes, key=lambda s: (sum(votes[s].values()), -s))
    return story(index, story_id)
