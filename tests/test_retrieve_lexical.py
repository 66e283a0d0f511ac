"""BM25 over chunk texts (bm25s directly): what it finds, and the queries that find nothing."""

from assistant.retrieve import LexicalIndex

DOCS = [
    "Kratom use was linked to cholestatic liver injury in case reports.",
    "Seizures were reported after high-dose kratom products.",
    "Surveys asked adults why they used kratom for chronic pain.",
]


def test_the_chunk_sharing_the_rare_stemmed_word_ranks_first() -> None:
    found = LexicalIndex(DOCS).search("Does kratom injure the liver?", k=3)
    assert next(iter(found)) == 0  # "injure" meets "injury" through the stemmer
    assert all(score > 0 for score in found.values())


def test_best_first_and_at_most_k() -> None:
    found = LexicalIndex(DOCS).search("seizures after kratom products, and liver injury", k=2)
    assert len(found) == 2
    scores = list(found.values())
    assert scores == sorted(scores, reverse=True)


def test_k_above_the_corpus_size_is_capped() -> None:
    assert set(LexicalIndex(DOCS).search("kratom pain surveys liver seizures", k=50)) == {0, 1, 2}


def test_queries_with_no_indexed_word_find_nothing() -> None:
    index = LexicalIndex(DOCS)
    assert index.search("", k=3) == {}
    assert index.search("?!", k=3) == {}
    assert index.search("the and of", k=3) == {}  # stop words are not indexed
    assert index.search("zzzz qqqq", k=3) == {}
