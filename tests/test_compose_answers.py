"""The composer: a synthesis's bottom line or a legal row leads, citations resolve to the primary source."""

from __future__ import annotations

import re

import numpy as np

from assistant.compose import Plan, SourceIndex, compose_answer, compose_legal, holds, readable_date, serves
from core.vocabulary import Chunk, Hit, SourceMeta
from guardrails import check_answer
from ingest.legal import LegalRow
from ingest.synthesis import Synthesis


def _meta(source_id: str) -> SourceMeta:
    return SourceMeta(source_id=source_id, title=f"Title of {source_id}", type="survey", population="human", year=2021)


def _chunk(source_id: str, locator: str, text: str) -> Chunk:
    return Chunk(source=_meta(source_id), section="Key findings", locator=locator, text=text)


CHUNKS = [
    _chunk("liver-2021", "Results", "Eleven adults developed liver injury after kratom."),
    _chunk("review-2020", "Abstract", "A review of 26 case reports found a cholestatic pattern."),
    _chunk("law-2025", "s. 3", "The Louisiana act bans the sale of kratom from 1 August 2025."),
]
SOURCES = SourceIndex({c.source.source_id: c.source for c in CHUNKS}, CHUNKS)
SYNTHESIS = Synthesis(
    "syn-liver",
    "Can kratom hurt the liver?",
    ["Can kratom hurt the liver?"],
    "Yes, case series report liver injury. [§ liver-2021: Results] [§ review-2020: Abstract]",
    ["Most cases were cholestatic. [§ review-2020: Abstract]"],
    ["How often it happens is not known."],
    "low",
    "case reports only",
    "safety",
    ["adverse_effects"],
    "2026-12-04",
)


def _lead(hits: list[Hit], query: np.ndarray, plan: Plan) -> str:
    """The answer's first paragraph: its bottom line."""
    return compose_answer(hits, query, plan).answer.split("\n\n")[0]


def _hit(chunk: Chunk, vector: list[float]) -> Hit:
    v = np.asarray(vector, dtype=np.float32)
    return Hit(chunk.locator, chunk, 0.1, float(v @ np.array([1, 0], dtype=np.float32)), v)


def test_the_synthesis_bottom_line_leads_and_every_citation_is_a_primary_source() -> None:
    hits = [_hit(CHUNKS[0], [1.0, 0.0]), _hit(CHUNKS[1], [0.9, 0.1])]
    plan = Plan(5, 0.7, "safety", SYNTHESIS, SOURCES, note="La biblioteca está en inglés.")
    brief = compose_answer(hits, np.array([1.0, 0.0], dtype=np.float32), plan)
    lead = brief.answer.split("\n\n")[0]
    assert lead.startswith("**Bottom line:** Yes, case series report liver injury. [1] [2]")
    assert "[§" not in brief.answer
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", brief.answer)}
    assert markers == {c.n for c in brief.citations}
    first = brief.citations[0]
    assert (first.source_id, first.locator, first.year) == ("liver-2021", "Results", 2021)
    assert first.finding == CHUNKS[0].text, "the citation carries the digest's finding at that locator"
    assert "_La biblioteca está en inglés._" in brief.answer
    assert "Certainty of the evidence: low" in brief.answer


def test_findings_far_below_the_best_are_dropped_not_padded() -> None:
    hits = [_hit(CHUNKS[0], [1.0, 0.0]), _hit(CHUNKS[2], [0.2, 0.98])]
    brief = compose_answer(hits, np.array([1.0, 0.0], dtype=np.float32), Plan(5, 0.7))
    assert [c.source_id for c in brief.citations] == ["liver-2021"]


def test_a_legal_row_leads_with_its_date_source_and_that_laws_change() -> None:
    row = LegalRow(
        "us-la", "Louisiana", "state", "US", [], "banned", "banned", "unknown", "2025-08-01", "2025-08-01",
        "law-2025", "s. 3", "",
    )  # fmt: skip
    hits = [_hit(CHUNKS[2], [1.0, 0.0]), _hit(CHUNKS[0], [0.9, 0.1])]
    brief = compose_legal(row, SOURCES, hits, np.array([1.0, 0.0], dtype=np.float32), Plan(5, 0.7, "legal"))
    lead = brief.answer.split("\n\n")[0]
    assert lead.startswith("**Bottom line:** As of 1 August 2025, kratom's legal status in Louisiana: banned. [1]")
    assert "In effect since 1 August 2025." in lead, "dates as people write them"
    assert "Laws change" in lead
    assert brief.citations[0].source_id == "law-2025" and brief.citations[0].locator == "s. 3"
    assert "liver" not in brief.answer, "only findings about the place follow the row"


def test_a_narrow_intent_keeps_only_findings_that_speak_to_it() -> None:
    assert serves("legal", "The act bans the sale of kratom.")
    assert not serves("legal", "Eleven adults developed liver injury.")
    assert serves("safety", "Anything close enough serves a broad question.")


def test_a_near_tie_joins_the_lead() -> None:
    tied = [_hit(CHUNKS[0], [0.98, 0.2]), _hit(CHUNKS[1], [0.98, -0.2])]
    lead = compose_answer(tied, np.array([1.0, 0.0], dtype=np.float32), Plan(5, 0.7)).answer.split("\n\n")[0]
    assert "[1]" in lead and "[2]" in lead
    apart = [_hit(CHUNKS[0], [1.0, 0.0]), _hit(CHUNKS[1], [0.8, 0.6])]
    lead = compose_answer(apart, np.array([1.0, 0.0], dtype=np.float32), Plan(5, 0.7)).answer.split("\n\n")[0]
    assert "[2]" not in lead


def test_the_notes_of_a_legal_row_are_part_of_its_lead() -> None:
    row = LegalRow(
        "us-ok", "Oklahoma", "state", "US", [], "regulated", "unknown", "18", "2021-11-01", "2021-11-01",
        "law-2025", "s. 3", "Created by House Bill 1784.",
    )  # fmt: skip
    brief = compose_legal(row, SOURCES, [], np.array([1.0, 0.0], dtype=np.float32), Plan(5, 0.7, "legal"))
    lead = brief.answer.split("\n\n")[0]
    assert "House Bill 1784" in lead and lead.endswith("may differ.")


def test_dates_are_written_out() -> None:
    assert readable_date("2019-05-14") == "14 May 2019"
    assert readable_date("from 2025-12 on") == "from December 2025 on"
    assert readable_date("1952") == "1952"


def test_a_finding_that_holds_the_kind_of_answer_asked_for_leads() -> None:
    assert holds("quantity", "The act caps 7-OH at 2% of alkaloids.")
    assert not holds("quantity", "In 2021, 7-OH products were sold in Texas.")
    assert holds("date", "The ban took effect on 1 August 2025.")
    words = _chunk("survey-2019", "Results", "Respondents described kratom as a stimulant and a painkiller.")
    figure = _chunk("survey-2017", "Results", "Of 2,798 respondents, 41% used kratom to cut back on opioids.")
    hits = [_hit(words, [1.0, 0.0]), _hit(figure, [0.8, 0.6])]
    query = np.array([1.0, 0.0], dtype=np.float32)
    plain = _lead(hits, query, Plan(5, 0.7))
    assert "stimulant" in plain and "41%" not in plain, "with no kind of answer asked, the closest leads"
    asked = _lead(hits, query, Plan(5, 0.7, asks="quantity"))
    assert "41%" in asked, "a figure was asked for, and the finding close enough that holds one joins the lead"


def test_a_figure_asked_for_is_a_findings_not_the_size_of_a_sources_sample() -> None:
    summary = Chunk(
        source=_meta("survey-2012"), section="Summary", locator="Summary",
        text="Researchers interviewed 562 regular kratom users in northern Malaysia.",
    )  # fmt: skip
    finding = _chunk("survey-2012", "Results", "Of the 562 users, 87% said they could not stop using it.")
    hits = [_hit(summary, [1.0, 0.0]), _hit(finding, [0.85, 0.527])]
    lead = _lead(hits, np.array([1.0, 0.0], dtype=np.float32), Plan(5, 0.7, asks="quantity"))
    assert lead.startswith("**Bottom line:** Of the 562 users, 87%"), lead


def _with_point_vectors(synthesis_id: str, vectors: list[list[float]]) -> SourceIndex:
    """The test library's sources, with these meanings for one synthesis's key points."""
    points = {synthesis_id: np.array(vectors, dtype=np.float32)}
    return SourceIndex(SOURCES.metas, [c for cs in SOURCES.findings.values() for c in cs], points)


def test_the_key_point_closest_to_the_question_leads_and_points_far_from_it_are_left_out() -> None:
    synthesis = Synthesis(
        "syn-liver", "Can kratom hurt the liver?", ["Can kratom hurt the liver?"],
        "Yes, case series report liver injury. [§ liver-2021: Results]",
        [
            "Kratom is sold as powder. [§ review-2020: Abstract]",
            "Most cases were cholestatic. [§ review-2020: Abstract]",
            "Eleven adults were affected. [§ liver-2021: Results]",
        ],
        [], "low", "case reports only", "safety", ["adverse_effects"], "2026-12-04",
    )  # fmt: skip
    sources = _with_point_vectors("syn-liver", [[0.0, 1.0], [0.9, 0.44], [1.0, 0.0]])
    plan = Plan(5, 0.7, "safety", synthesis, sources)
    answer = compose_answer([], np.array([1.0, 0.0], dtype=np.float32), plan).answer
    lead, rest = answer.split("\n\n", 1)
    assert "Eleven adults were affected" in lead and "Eleven adults were affected" not in rest
    assert "Most cases were cholestatic" in rest
    assert "sold as powder" not in answer, "a point about another aspect is left out"


def _stems(text: str) -> set[str]:
    return {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]+", text)}


def test_the_key_point_that_repeats_the_questions_rare_words_leads() -> None:
    synthesis = Synthesis(
        "syn-deaths", "Has kratom caused deaths?", ["Has kratom caused deaths?"],
        "Deaths with kratom detected mostly involved other drugs. [§ liver-2021: Results]",
        [
            "Most deaths in the compiled series involved several substances. [§ review-2020: Abstract]",
            "In Florida medical examiner records, 36 deaths had kratom alone. [§ liver-2021: Results]",
        ],
        [], "low", "case reports only", "safety", ["adverse_effects"], "2026-12-04",
    )  # fmt: skip
    # The first point is a little closer in meaning; the second repeats "Florida" and "examiner".
    sources = _with_point_vectors("syn-deaths", [[1.0, 0.0], [0.95, 0.312]])
    query = np.array([1.0, 0.0], dtype=np.float32)
    plain = Plan(5, 0.7, "safety", synthesis, sources)
    assert "36 deaths" not in _lead([], query, plain), "with no words to go by, the closest point leads"
    worded = Plan(5, 0.7, "safety", synthesis, sources, terms=frozenset({"florida", "examiner"}), stems=_stems)
    assert "36 deaths" in _lead([], query, worded)


def test_a_source_is_named_by_its_author_or_agency_and_year() -> None:
    chunks = [
        _chunk("garcia-romeu-2020-survey", "Results", "Of 2,798 respondents, 41% cut back on opioids."),
        _chunk("fda-2018-statement", "p. 1", "FDA said kratom has opioid properties."),
        _chunk("evidence-gaps-kratom", "Summary", "Most evidence is from surveys."),
    ]
    sources = SourceIndex({c.source.source_id: c.source for c in chunks}, chunks)
    assert sources.named_in("In the Garcia-Romeu 2020 survey, how many cut back?") == {"garcia-romeu-2020-survey"}
    assert sources.named_in("según Garcia Romeu et al. (2020), ¿cuántos?") == {"garcia-romeu-2020-survey"}
    assert sources.named_in("what did the FDA say in its 2018 statement?") == {"fda-2018-statement"}
    assert sources.named_in("what did the FDA say in 2025?") == frozenset()
    assert sources.named_in("khảo sát năm 2020 của Garcia-Romeu") == {"garcia-romeu-2020-survey"}
    assert sources.named_in("how many respondents in surveys cut back?") == frozenset()
    two = [
        _chunk("ahmad-aziz-2012-malaysia", "Results", "562 users."),
        _chunk("leongabdullah-2021-ecg", "p. 2", "ECG."),
    ]
    both = SourceIndex({c.source.source_id: c.source for c in two}, two)
    assert both.named_in("In Ahmad and Aziz's 2012 survey, how many chewed it?") == {"ahmad-aziz-2012-malaysia"}
    assert both.named_in("dalam kajian Leong Abdullah 2021, berapa?") == {"leongabdullah-2021-ecg"}


AUTHORS = {
    "grundmann-2017-survey": ["Grundmann O"],
    "smith-2022-kud-survey": ["Smith KE", "Dunn KE"],
    "smith-2025-semisynthetic-7oh": ["Smith KE", "Hill K"],
    "post-2019-poison-centers": ["Post S", "Spiller HA"],
    "fda-2018-statement": ["U.S. Food and Drug Administration"],
}


def _library(texts: dict[str, str]) -> SourceIndex:
    metas = {
        i: SourceMeta(source_id=i, title="A kratom study", type="survey", population="human", year=2021) for i in texts
    }
    chunks = [Chunk(source=metas[i], section="Key findings", locator="Results", text=t) for i, t in texts.items()]
    return SourceIndex(metas, chunks, authors=AUTHORS)


def test_a_study_is_named_by_its_first_author_alone() -> None:
    sources = _library({source_id: "Users reported effects." for source_id in AUTHORS})
    assert sources.named_in("what did the Grundmann survey find about nausea?") == {"grundmann-2017-survey"}
    assert sources.named_in("la encuesta de grundmann, ¿qué encontró?") == {"grundmann-2017-survey"}
    # An author of several studies names them all, unless a year says which one.
    assert sources.named_in("Smith's surveys on 7-OH") == {"smith-2022-kud-survey", "smith-2025-semisynthetic-7oh"}
    assert sources.named_in("Smith 2025 on 7-OH") == {"smith-2025-semisynthetic-7oh"}
    # A short surname is also a word: only capitalised, and not as a word's first part.
    assert sources.named_in("the Post study of poison centers") == {"post-2019-poison-centers"}
    assert sources.named_in("post-mortem findings in the post office") == frozenset()
    # ... but the head of a German compound: "die Grundmann-Umfrage", "im Post-Bericht".
    assert sources.named_in("was fand die Grundmann-Umfrage?") == {"grundmann-2017-survey"}
    assert sources.named_in("wie viele Anrufe zählte der Post-Bericht?") == {"post-2019-poison-centers"}
    # An agency names no one document without its year.
    assert sources.named_in("what did the FDA say about kratom?") == frozenset()


def test_a_study_is_named_by_what_its_id_describes() -> None:
    sources = _library(
        {
            "suriaga-2024-florida-deaths": "Of 30,845 deaths in Florida, 551 had kratom; liver findings were rare.",
            "torrico-2024-kern-county-deaths": "In Kern County, 1.9% of opioid overdose deaths had mitragynine.",
            "schimmel-2020-liver-review": "Most liver injury was cholestatic.",
        }
    )
    # A word of the id beside the study's year, in any language.
    assert sources.named_in("El estudio de Florida de 2024, ¿en cuántas muertes?") == {"suriaga-2024-florida-deaths"}
    # A place the findings always capitalise, beside a word for a study, without a year.
    assert sources.named_in("No estudo do condado de Kern, quais drogas?") == {"torrico-2024-kern-county-deaths"}
    assert sources.named_in("the Kern County report") == {"torrico-2024-kern-county-deaths"}
    # A word the findings write in lower case is a topic, not a name.
    assert sources.named_in("what do studies say about liver injury?") == frozenset()
    assert sources.named_in("kratom deaths in Kern County") == frozenset()


def test_a_finding_of_the_source_the_question_names_leads() -> None:
    other = _chunk("smith-2024-observation", "Results", "Six of 10 participants rated euphoria as mild.")
    named = _chunk("smith-2022-survey", "Results", "In the survey, 18.6% had lowered their dose since starting.")
    hits = [_hit(other, [1.0, 0.0]), _hit(named, [0.8, 0.6])]
    query = np.array([1.0, 0.0], dtype=np.float32)
    plain = _lead(hits, query, Plan(5, 0.7))
    assert "euphoria" in plain and "18.6%" not in plain, "with no source named, the closest finding leads"
    plan = Plan(5, 0.7, named=frozenset({"smith-2022-survey"}))
    lead = _lead(hits, query, plan)
    assert lead.startswith("**Bottom line:** In the survey, 18.6%"), "the named source's finding leads"


def test_a_named_study_is_answered_by_its_findings_not_its_summary() -> None:
    about = Chunk(
        source=_meta("suriaga-2024-florida"),
        section="Summary",
        locator="Summary",
        text="This study used Florida medical examiner records to test what was tied to intoxication deaths.",
    )
    found = _chunk(
        "suriaga-2024-florida", "Results", "Opioids had an adjusted odds ratio of 11.7 for intoxication death."
    )
    hits = [_hit(about, [1.0, 0.0]), _hit(found, [0.8, 0.6])]
    query = np.array([1.0, 0.0], dtype=np.float32)
    plan = Plan(5, 0.7, named=frozenset({"suriaga-2024-florida"}))
    assert _lead(hits, query, plan).startswith("**Bottom line:** Opioids had an adjusted odds ratio of 11.7")


def test_a_figure_in_square_brackets_in_a_finding_is_no_citation_the_output_rail_would_drop() -> None:
    serotype = _chunk("cdc-2018", "Investigation", "The outbreak strains included I 4,[5],12:b:- and Heidelberg.")
    sources = SourceIndex({"cdc-2018": serotype.source}, [serotype])
    plan = Plan(5, 0.7, "safety", None, sources)
    brief = compose_answer([_hit(serotype, [1.0, 0.0])], np.array([1.0, 0.0], dtype=np.float32), plan)
    lead = brief.answer.split("\n\n")[0]
    assert "I 4,(5),12:b:-" in lead
    checked = check_answer(brief.answer, len(brief.citations))
    assert "invalid_citation" not in checked.reasons and "I 4,(5),12:b:-" in checked.answer
