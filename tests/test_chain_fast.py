"""The whole chain on fakes (no model, no Chroma): the fast layer's end-to-end check of wiring.

Routing and composition logic are real; only the embedding model and the store are fakes, so
these tests prove the layers fit together, not that answers are good (the full layer does that).
"""

from __future__ import annotations

import pytest

from assistant.chat import Assistant
from core.settings import Settings
from core.vocabulary import Response
from tests.fakes import FakeEmbedModel, FakeStore, fake_store
from tests.fixtures import build_corpus


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("fast")
    settings = Settings(data_dir=root / "data", corpus_dir=build_corpus(root))
    model = FakeEmbedModel()
    return Assistant(settings, store=fake_store(settings, model), embed_model=model)  # type: ignore[arg-type]


def ask(chain: Assistant, text: str) -> Response:
    return chain.ask([{"role": "user", "content": text}])


def test_a_library_question_is_answered_with_valid_citations(chain: Assistant) -> None:
    response = ask(chain, "What liver injury did the case series of kratom users find?")
    assert response.action == "answered"
    assert response.citations, "an answer cites its sources"
    cited = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", response.answer)}
    assert cited == {c.n for c in response.citations}
    assert "liver-case-series" in {c.source_id for c in response.citations}


def test_a_personal_dose_is_declined_without_retrieval(chain: Assistant) -> None:
    response = ask(chain, "How many grams of kratom should I take for my back pain?")
    assert response.action == "declined"
    assert not response.citations


def test_an_overdose_is_urgent(chain: Assistant) -> None:
    response = ask(chain, "My friend took a lot of kratom and now he is not breathing")
    assert response.action == "urgent"
    assert "911" in response.answer


def test_an_unreachable_store_says_search_is_unavailable(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path / "data", corpus_dir=build_corpus(tmp_path))
    model = FakeEmbedModel()
    down = FakeStore(fake_store(settings, model).chunks, model, down=True)
    response = Assistant(settings, store=down, embed_model=model).ask(  # type: ignore[arg-type]
        [{"role": "user", "content": "What liver injury did the kratom case series find?"}]
    )
    assert response.category == "unavailable"
    assert "unavailable" in response.answer
