"""The one relevance decision: every path through `assistant.relevance.decide`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np
import pytest

from assistant.relevance import (
    KNOWN_FILLER_WEIGHT,
    SYNTHESIS_MATCH,
    Decision,
    Vocabulary,
    asked_about,
    asked_apart,
    decide,
    find_row,
    from_the_question,
    prefer_anchored,
    unknown_names,
    with_the_story,
)
from assistant.understand import Nearest, understand
from core.vocabulary import Chunk, Hit, SourceMeta
from ingest.legal import LegalRow
from ingest.synthesis import Synthesis

THRESHOLD = 0.4


def _hit(text: str, similarity: float, source_id: str = "src-2020", publisher: str = "") -> Hit:
    meta = SourceMeta(
        source_id=source_id, title="A kratom study", publisher=publisher, type="survey", population="human", year=2020
    )
    chunk = Chunk(source=meta, section="Key findings", locator="Results", text=text)
    return Hit(text[:8], chunk, 0.1, similarity, np.zeros(4, dtype=np.float32))


def _row(name: str, kratom: str = "legal and regulated", source: str = "law-digest") -> LegalRow:
    return LegalRow(
        name.lower(), name, "state", "US", [], kratom, "unknown", "unknown", "unknown", "2025-07-01", source, "s. 1", ""
    )


def _synthesis(text: str) -> Synthesis:
    return Synthesis("syn-x", text, [text], f"{text} [§ a: b]", [f"{text} [§ a: b]"], [], "low", "r", "safety", [], "")


def _vocabulary() -> Vocabulary:
    # "kratom", "use" and "study" are in every chunk of this library; everything else is rare.
    return Vocabulary(lambda words: [w.lower() for w in words], {"kratom": 100, "use": 90, "study": 80}, 100)


def _decide(question: str, hits: list[Hit], nearest: list[Nearest] = (), rows: list[LegalRow] = ()) -> Decision:  # type: ignore[assignment]
    return decide(understand(question), question, hits, list(nearest), list(rows), _vocabulary(), THRESHOLD)


def test_a_legal_question_about_a_known_place_answers_from_its_row() -> None:
    decision = _decide("Is kratom legal in Indiana?", [], rows=[_row("Indiana")])
    assert (decision.action, decision.path) == ("answer", "legal_row")
    assert decision.legal and decision.legal.name == "Indiana"


def test_a_question_for_a_figure_about_a_place_is_not_a_status_question() -> None:
    hits = [_hit("An estimated 1.7 million people in Indiana used kratom in 2021.", 0.7)]
    decision = _decide("How many people in Indiana used kratom?", hits, rows=[_row("Indiana")])
    assert decision.legal is None and decision.action == "answer"


def test_a_question_for_a_figure_about_a_place_falls_back_to_its_row_when_no_finding_answers() -> None:
    decision = _decide("How many people in Indiana used kratom?", [], rows=[_row("Indiana")])
    assert (decision.action, decision.path) == ("answer", "legal_row")


def test_a_row_that_says_unknown_is_an_honest_no_evidence() -> None:
    decision = _decide("Is kratom legal in Indiana?", [], rows=[_row("Indiana", kratom="unknown", source="unknown")])
    assert (decision.action, decision.path) == ("no_evidence", "legal_unknown")


def test_a_translated_place_finds_the_row_and_the_state_wins_over_the_country() -> None:
    rows = [_row("United States"), _row("New York")]
    assert find_row(understand("¿Es legal el kratom en Nueva York, Estados Unidos?"), rows) == rows[1]


def test_a_paraphrase_of_a_synthesis_question_answers_from_it() -> None:
    nearest = [Nearest(_synthesis("Can kratom hurt the liver?"), SYNTHESIS_MATCH + 0.1)]
    decision = _decide("Could kratom hurt your liver?", [], nearest)
    assert (decision.action, decision.path) == ("answer", "synthesis")


def test_a_narrow_question_near_a_synthesis_is_answered_by_the_finding_that_holds_it() -> None:
    nearest = [Nearest(_synthesis("Can kratom hurt the liver?"), SYNTHESIS_MATCH + 0.1)]
    hits = [_hit("Liver biopsies in kratom cases showed cholestasis with bile plugs.", 0.7)]
    decision = _decide("What did liver biopsies show in kratom cases?", hits, nearest)
    assert decision.action == "answer" and decision.synthesis is None


def test_a_synthesis_does_not_answer_for_a_thing_it_never_mentions() -> None:
    # Close in meaning, but about the kidneys: the synthesis on the liver is not the answer.
    nearest = [Nearest(_synthesis("Can kratom hurt the liver?"), SYNTHESIS_MATCH + 0.1)]
    decision = _decide("Can kratom hurt the kidneys?", [_hit("Liver injury in kratom users.", 0.7)], nearest)
    assert (decision.action, decision.path) == ("no_evidence", "unmatched_entity")
    assert decision.closest is not None, "the reply names the closest question the library covers"


STORY_THEN_QUESTION = (
    "My mum has knee osteoarthritis and my dad has diabetic nerve pain. "
    "Is there a clinical trial of kratom for arthritis or neuropathic pain?"
)


def test_what_the_question_asks_about_is_what_it_names_not_its_story() -> None:
    seen = asked_about(understand(STORY_THEN_QUESTION), STORY_THEN_QUESTION)
    assert "diabetes" not in seen.keys("condition")
    assert {"arthritis", "neuropathic_pain"} <= set(seen.keys("condition"))
    # A question that names nothing of a kind leans on its story for it.
    leaning = "My dad has fibromyalgia. Does kratom help with it?"
    assert asked_about(understand(leaning), leaning).keys("condition") == ("fibromyalgia",)
    # One that does not point back asks about nothing of the story's: the asker's country, a
    # relative's condition.
    apart = "I live in Indonesia. In the 2012 Malaysian survey, what share of users drank it daily?"
    assert "indonesia" not in asked_about(understand(apart), apart).places
    mum = "My mom takes kratom for her arthritis. What did poison center calls record most often?"
    assert "arthritis" not in asked_about(understand(mum), mum).keys("condition")
    here = "I live in Texas. Is kratom legal here or not?"
    assert asked_about(understand(here), here).places == ("texas",)


def test_a_pointer_in_a_question_that_names_its_own_problem_points_at_it() -> None:
    # "sobre isso" is the heart the question names, not the back pain the story tells.
    turn = "meu tio usa kratom pra dor nas costas e tem pressão alta. li que kratom mexe com o coração, tem estudo sobre isso?"
    seen = asked_about(understand(turn, "pt"), turn)
    assert seen.keys("outcome") == ("heart",) and seen.keys("condition") == ()
    # A pointer in a question that names nothing still leans on the story.
    leaning = "My dad has fibromyalgia. Does kratom help with it?"
    assert asked_about(understand(leaning), leaning).keys("condition") == ("fibromyalgia",)


def test_where_the_asker_is_is_no_subject_outside_the_law() -> None:
    helpline = "is there a helpline in spanish for people with kratom problems? i'm in texas"
    assert asked_about(understand(helpline), helpline).places == ()
    spanish = "hay alguna linea de ayuda en español para gente con problemas con el kratom? estoy en texas"
    assert asked_about(understand(spanish, "es"), spanish).places == ()
    # Nor does it join the English words a translated question is searched and judged by.
    assert "texas" not in understand(spanish, "es").gloss
    # About the law, where the asker is is the place asked about.
    law = "i'm in texas. is kratom legal here?"
    assert asked_about(understand(law), law).places == ("texas",)
    quebec = "Je suis au Québec, est-ce que le kratom est autorisé au Canada ?"
    assert asked_about(understand(quebec, "fr"), quebec).places == ("canada",)


def test_the_intent_is_what_the_question_asks_not_what_its_story_tells() -> None:
    story = "been on kratom 2 years, want to quit. what does withdrawal feel like?"
    assert understand(story).intent == "treatment", "the story alone would make it a treatment question"
    assert asked_about(understand(story), story).intent == "safety"
    # A question with no intent word of its own keeps the whole turn's.
    vague = "My aunt has used kratom for her arthritis for years. Any thoughts?"
    assert asked_about(understand(vague), vague).intent == understand(vague).intent
    aqui = "Moro no Texas. O kratom é legal aqui?"
    assert asked_about(understand(aqui), aqui).places == ("texas",)


def test_asking_sentences_that_name_nothing_take_the_story_subject() -> None:
    turn = "my brother can't quit, he's at 50 g a day. what do doctors use to treat this?"
    assert with_the_story("what do doctors use to treat this?", understand(turn)) == (
        "kratom dependence: what do doctors use to treat this?"
    )
    # "can't stop your breathing" tells of breathing, not dependence.
    breathing = "people say kratom can't stop your breathing like opioids. has that been shown?"
    assert with_the_story("has that been shown?", understand(breathing)) == "kratom breathing: has that been shown?"
    # A question that names its own subject is read as it is, and a story that tells no problem
    # lends nothing.
    own = "my mum has arthritis. is kratom hard on the liver?"
    assert with_the_story("is kratom hard on the liver?", understand(own)) == "is kratom hard on the liver?"
    plain = "I keep seeing one number on reddit. where does that number come from?"
    assert with_the_story("where does that number come from?", understand(plain)) == "where does that number come from?"
    # A question of its own kind asks about that; an open one ("are there studies?") asks of the story.
    mum = "Mi mamá toma kratom para la artritis y seis pastillas al día. ¿el kratom interactúa con medicamentos?"
    asked = "¿el kratom interactúa con medicamentos?"
    assert with_the_story(asked, understand(mum, "es")) == asked
    dad = "Mi papá tiene artritis. ¿Hay estudios sobre eso?"
    assert with_the_story("¿Hay estudios sobre eso?", understand(dad, "es")).startswith("kratom arthritis")


def test_a_translated_question_is_read_apart_from_the_story_around_it() -> None:
    heart = "meu tio usa kratom pra dor nas costas e tem pressão alta. li que kratom mexe com o coração, tem estudo?"
    apart = asked_apart(understand(heart, "pt"), heart)
    assert apart is not None and "heart" in apart.gloss and "back" not in apart.gloss
    # Nothing told around it, or a question that leans on the story for its place: read whole.
    assert asked_apart(understand("kratom faz mal ao fígado?", "pt"), "kratom faz mal ao fígado?") is None
    japan = "vou morar no japão ano que vem pra trabalhar. kratom é permitido lá?"
    assert asked_apart(understand(japan, "pt"), japan) is None


def test_a_name_only_the_story_holds_is_not_asked_about() -> None:
    story = "I'm a reporter in Tampa. What did the Florida medical examiner study find?"
    hits = [_hit("The Florida medical examiner study: 551 decedents with mitragynine.", 0.7)]
    decision = decide(asked_about(understand(story), story), story, hits, [], [], _vocabulary(), THRESHOLD)
    assert decision.action == "answer", decision


def test_a_story_names_nothing_the_evidence_must_mention() -> None:
    hits = [_hit("No trial has tested kratom for knee arthritis or neuropathic pain.", 0.7)]
    story = understand(STORY_THEN_QUESTION)
    told = decide(story, STORY_THEN_QUESTION, hits, [], [], _vocabulary(), THRESHOLD)
    asked = decide(asked_about(story, STORY_THEN_QUESTION), STORY_THEN_QUESTION, hits, [], [], _vocabulary(), THRESHOLD)
    assert (told.action, told.path) == ("no_evidence", "unmatched_entity")  # the story's diabetes
    assert asked.action == "answer"


def test_exact_wording_answers_whatever_the_similarity() -> None:
    decision = _decide("What did the Olsen cluster analysis find?", [_hit("Olsen cluster analysis of 199 cases.", 0.2)])
    assert (decision.action, decision.path) == ("answer", "exact_wording")


def test_nothing_close_is_no_evidence() -> None:
    assert _decide("Does kratom use change sleep?", [_hit("Kratom use was studied.", 0.2)]).path == "far"


def test_an_unknown_proper_name_must_be_in_the_evidence() -> None:
    hits = [_hit("Kratom use in a study of adults.", 0.8)]
    assert _decide("What did the Zorbex study of kratom find?", hits).path == "unmatched_entity"


def test_a_journal_the_question_abbreviates_is_no_unknown_name() -> None:
    """ "Hill 2024 in J Addict Med" cites the study and its journal, not a thing named "Addict"."""
    hits = [_hit("25.5% of users met criteria.", 0.8, "hill-2024", "Journal of Addiction Medicine")]
    question = "Hill 2024 in J Addict Med: what percent met criteria?"
    cited = frozenset({"hill-2024"})
    decision = decide(understand(question), question, hits, [], [], _vocabulary(), THRESHOLD, named=cited, cited=cited)
    assert decision.action == "answer", decision
    uncited = decide(understand(question), question, hits, [], [], _vocabulary(), THRESHOLD)
    assert uncited.path == "unmatched_entity"  # without the citation, "Addict" is an unknown name


def test_the_distinctive_words_must_meet_in_one_close_finding() -> None:
    hits = [_hit("Kratom use and dental enamel.", 0.6), _hit("Kratom use and tooth colour.", 0.6)]
    decision = _decide("Does kratom use cause enamel erosion and colour staining?", hits)
    assert decision.path == "aspect_not_covered"


def test_a_close_finding_with_the_entities_and_words_answers() -> None:
    hits = [_hit("Kratom use was linked to seizures in case reports.", 0.65)]
    decision = _decide("Has kratom use been linked to seizures?", hits)
    assert (decision.action, decision.path) == ("answer", "findings")


@pytest.mark.parametrize("question", ["Is kratom legal in Texas?", "Kratom es legal en Texas?"])
def test_a_legal_question_without_a_row_falls_back_to_the_evidence(question: str) -> None:
    hits = [_hit("Texas regulates kratom under its 2023 act.", 0.6)]
    decision = _decide(question, hits, rows=[_row("Utah")])
    assert (decision.action, decision.path) == ("answer", "findings")


def test_a_finding_very_close_in_meaning_answers_despite_odd_wording() -> None:
    hits = [_hit("7-OH bound the mu receptor with high affinity.", 0.8)]
    assert _decide("How snugly does 7-OH sit on the mu receptor?", hits).path == "findings"
    assert _decide("How snugly does 7-OH sit on the mu receptor?", [_hit("7-OH and mu.", 0.6)]).path == (
        "aspect_not_covered"
    )


def test_a_specific_legal_question_is_answered_from_the_evidence_not_the_row() -> None:
    hits = [_hit("Utah's act took effect on 14 May 2019.", 0.7)]
    decision = _decide("When did Utah's kratom law take effect?", hits, rows=[_row("Utah")])
    assert (decision.action, decision.path) == ("answer", "findings")


def test_a_question_of_why_a_place_acted_is_answered_from_the_evidence_not_the_row() -> None:
    hits = [_hit("Utah lawmakers chose to pass a kratom law after reports of adulterated products.", 0.7)]
    decision = _decide("Why did Utah pass a kratom law?", hits, rows=[_row("Utah")])
    assert (decision.action, decision.path) == ("answer", "findings")
    # With nothing that answers why, the row still says what the law is.
    assert _decide("Why did Utah pass a kratom law?", [], rows=[_row("Utah")]).path == "legal_row"


def test_a_follow_up_asks_about_the_last_place_named() -> None:
    rows = [_row("Utah"), _row("Indiana", kratom="unknown", source="unknown")]
    assert _decide("Is kratom legal in Utah? And in Indiana?", [], rows=rows).path == "legal_unknown"


def test_a_name_the_tables_know_is_not_an_unknown_name() -> None:
    assert unknown_names("Has the United Nations or the Zorbex agency scheduled kratom?") == [["zorbex"]]


def test_a_looser_paraphrase_finds_a_synthesis_of_the_same_intent_and_place() -> None:
    who = Synthesis("syn-who", "Is kratom scheduled internationally?", ["Has WHO scheduled kratom internationally?"],
                    "No. [§ a: b]", ["x [§ a: b]"], [], "low", "r", "legal", [], "")  # fmt: skip
    decision = _decide("Has any international body banned kratom?", [], [Nearest(who, 0.65)])
    assert (decision.action, decision.path) == ("answer", "synthesis")
    assert _decide("Has any international body banned kratom?", [], [Nearest(who, 0.5)]).path == "far"


def test_the_same_question_in_other_words_is_answered_by_its_synthesis() -> None:
    # "naturally" and "sort" are not in the synthesis, but the question is one of its own.
    synthesis = _synthesis("What is kratom and where does it grow?")
    question = "What sort of plant is kratom, and where does it grow naturally?"
    assert _decide(question, [], [Nearest(synthesis, 0.95)]).path == "synthesis"
    assert _decide(question, [], [Nearest(synthesis, 0.8)]).path != "synthesis", "a looser paraphrase needs the words"


def test_an_open_question_a_little_further_off_is_still_its_synthesis_question() -> None:
    """ "feel like" is not in the synthesis, but nothing narrower than its bottom line is asked; a
    question for a figure as far off must find its words."""
    synthesis = _synthesis("What are kratom withdrawal symptoms?")
    assert _decide("What does kratom withdrawal feel like?", [], [Nearest(synthesis, 0.87)]).path == "synthesis"
    figure = _decide("How many days does kratom withdrawal feel bad?", [], [Nearest(synthesis, 0.87)])
    assert figure.path != "synthesis"


def test_the_same_question_still_needs_the_things_it_names() -> None:
    synthesis = _synthesis("Can kratom hurt the liver?")
    decision = _decide("Can kratom hurt the kidneys?", [], [Nearest(synthesis, 0.95)])
    assert decision.path != "synthesis"


def test_a_capitalised_function_word_is_not_an_unknown_name() -> None:
    # A follow-up joined to the question before it leaves a capital inside the line.
    assert unknown_names("What is the CDC's 2022 guideline on opioids for pain Which kinds does it leave out?") == [
        ["cdc"]
    ]


def test_an_acronym_is_found_spelled_out() -> None:
    hits = [_hit("In the American Kratom Association survey, 90% rated kratom as better than opioids.", 0.8)]
    decision = _decide("In the AKA kratom survey, how did people who used kratom instead of opioids rate it?", hits)
    assert decision.action == "answer"


# What people write that no table or synthesis was fitted to: chatter, typos, a story around the
# question, a synthesis asked about its evidence. Each is answered, and its uncovered twin is not.


def test_chatter_and_slang_are_not_what_is_asked() -> None:
    nearest = [Nearest(_synthesis("Does kratom help nerve pain?"), SYNTHESIS_MATCH + 0.05)]
    assert _decide("kratom for nerve pain any good?", [], nearest).path == "synthesis"
    assert _decide("kratom for nerve pain in tinnitus?", [], nearest).path != "synthesis"


def test_a_misspelled_word_is_read_as_the_library_word_it_slips_from() -> None:
    vocabulary = Vocabulary(lambda words: [w.lower() for w in words], {"kratom": 100, "seizures": 3}, 100)
    assert vocabulary.distinctive("kratom and sezures") == {"seizures"}
    assert vocabulary.distinctive("kratom and seizrues") == {"seizures"}, "two letters swapped"
    assert vocabulary.distinctive("kratom and tinnitus") == {"tinnitus"}, "a word far from any is kept"
    hits = [_hit("Kratom use was linked to seizures in case reports.", 0.6)]
    decide_typo = decide(understand("kratom and sezures"), "kratom and sezures", hits, [], [], vocabulary, THRESHOLD)
    assert decide_typo.action == "answer"
    tinnitus = decide(understand("kratom and tinnitus"), "kratom and tinnitus", hits, [], [], vocabulary, THRESHOLD)
    assert tinnitus.path == "aspect_not_covered"


def test_a_rare_library_word_is_not_corrected_into_another() -> None:
    vocabulary = Vocabulary(lambda words: [w.lower() for w in words], {"seizures": 5, "seizure": 1}, 100)
    assert vocabulary.spelled("seizure") == "seizure"
    assert vocabulary.spelled("sezure") == "sezure", "one slip from a word in too few chunks to trust"
    common = Vocabulary(lambda words: [w.lower() for w in words], {"would": 50, "care": 50, "pain": 50}, 100)
    assert common.spelled("world") == "world", "a function word is no subject"
    assert common.spelled("rare") == "rare", "too short to tell from a word the library lacks"
    assert common.spelled("spain") == "spain", "a slip rarely hits the first letter"


def test_the_story_around_a_question_does_not_hide_its_synthesis() -> None:
    nearest = [Nearest(_synthesis("Can kratom hurt the liver?"), SYNTHESIS_MATCH + 0.01)]
    question = "can k hurt your liver? my buddy got yellow eyes after using it for a few months"
    assert _decide(question, [], nearest).path == "synthesis"
    # Without a narrow thing named in the question itself, the story's words still count.
    vague = "is it ok? my buddy got yellow eyes after using it for a few months"
    assert _decide(vague, [], [Nearest(_synthesis("Is kratom safe?"), SYNTHESIS_MATCH + 0.01)]).path != "synthesis"
    # And the thing the question asks about must still be in the synthesis.
    assert _decide("can k hurt your kidneys? my buddy got sick", [], nearest).action == "no_evidence"


def test_a_synthesis_that_names_the_narrow_thing_answers_a_loose_question_about_its_evidence() -> None:
    fibro = Synthesis("syn-fibro", "Does kratom help fibromyalgia?", ["Does kratom help fibromyalgia?"],
                      "No trial. [§ a: b]", ["x [§ a: b]"], [], "low", "r", "efficacy", [], "")  # fmt: skip
    question = "my mom has fibromyalgia and wants to try kratom, is there any research"
    assert _decide(question, [], [Nearest(fibro, 0.53)]).path == "synthesis"
    assert _decide(question, [], [Nearest(fibro, 0.45)]).path == "far", "too far in meaning"
    # A broad name ("pain") is not enough at that distance.
    assert _decide("my mom has pain, is there any research", [], [Nearest(fibro, 0.53)]).path == "far"
    assert _decide("my mom has lupus, is there any research", [], [Nearest(fibro, 0.53)]).action == "no_evidence"


def _meaning(weights: dict[str, float]) -> Callable[[str], np.ndarray]:
    """A fake embedding: a bag of words where each word weighs what `weights` says (1 by default)."""
    vocabulary = sorted(set(weights) | {"kratom", "liver", "hurt", "can", "the", "my", "is", "that", "real"})

    def embed(text: str) -> np.ndarray:
        words = [w.strip("?.,!").lower() for w in text.split()]
        vector = np.array([sum(weights.get(v, 1.0) for w in words if w == v) for v in vocabulary], dtype=np.float32)
        return vector / (np.linalg.norm(vector) or 1.0)

    return embed


def test_a_word_the_library_never_uses_is_filler_when_the_meaning_stays_without_it() -> None:
    synthesis = _synthesis("Can kratom hurt the liver?")
    question = "can kratom hurt the liver honestly tho"
    nearest = [Nearest(synthesis, SYNTHESIS_MATCH + 0.05)]
    without_meaning = decide(understand(question), question, [], nearest, [], _vocabulary(), THRESHOLD)
    assert without_meaning.path != "synthesis", "without an embedding every rare word counts"
    light = _meaning({"honestly": 0.05, "tho": 0.05})
    decision = decide(understand(question), question, [], nearest, [], _vocabulary(), THRESHOLD, embed=light)
    assert decision.path == "synthesis"


def test_a_word_that_carries_the_meaning_still_counts() -> None:
    # "botanist" is not in the library and the question is about it: no synthesis answers.
    synthesis = _synthesis("Can kratom hurt the liver?")
    question = "can kratom hurt the liver botanist tho"
    heavy = _meaning({"botanist": 3.0, "tho": 0.05})
    nearest = [Nearest(synthesis, SYNTHESIS_MATCH + 0.05)]
    decision = decide(understand(question), question, [], nearest, [], _vocabulary(), THRESHOLD, embed=heavy)
    assert decision.path != "synthesis"


def test_a_word_the_library_uses_is_filler_only_when_it_barely_moves_the_meaning() -> None:
    # In a long question a precise word moves the meaning little, but still by far more than the
    # story around the question ("I'm a med student doing a journal club") does.
    vocabulary = Vocabulary(lambda words: [w.lower() for w in words], {"kratom": 100, "elimination": 2, "club": 2}, 100)
    question = "what is the elimination rate of kratom, for my journal club"
    meaning = _meaning({"elimination": 0.5, "club": 0.1})
    moved = {w: 1.0 - float(meaning(question) @ meaning(question.replace(w, " "))) for w in ("elimination", "club")}
    assert moved["club"] < KNOWN_FILLER_WEIGHT < moved["elimination"]  # the fake moves as the real model does
    distinctive = vocabulary.weighed_by(meaning).distinctive(question)
    assert "elimination" in distinctive
    assert "club" not in distinctive


def test_a_contraction_of_a_function_word_is_no_name() -> None:
    # "I'm" capitalised inside a line is the asker, not a thing the library must mention.
    question = "journalist here - I'm looking at the Florida study. We've seen Zorbex numbers"
    assert unknown_names(question) == [["zorbex"]]


def test_a_close_synthesis_of_the_same_intent_answers_what_no_finding_covers() -> None:
    question = "Is kratom dangerous? why does everyone call it scary?"
    hits = [_hit("Kratom use and harms reported.", 0.6)]
    synthesis = _synthesis("Is kratom dangerous?")
    assert _decide(question, hits, [Nearest(synthesis, SYNTHESIS_MATCH + 0.05)]).path == "synthesis"
    # Looser than a paraphrase, or asking another kind of thing: "not covered" stays.
    assert _decide(question, hits, [Nearest(synthesis, SYNTHESIS_MATCH - 0.05)]).path == "aspect_not_covered"
    other_intent = replace(synthesis, intent="legal")
    assert _decide(question, hits, [Nearest(other_intent, SYNTHESIS_MATCH + 0.05)]).path == "aspect_not_covered"


def test_a_translated_question_keeps_the_library_rare_words_it_spells_alike() -> None:
    # A name or a cognate reads the same in English ("Corkery", "Salmonella"); a common library
    # word ("kratom"), a word the library never uses ("decessi") and a short word are left out.
    counts = {"corkeri": 2, "salmonella": 3, "kratom": 100, "con": 1}
    vocabulary = Vocabulary(lambda words: [w.lower().replace("ery", "eri") for w in words], counts, 100)
    terms = vocabulary.library_terms("quanti decessi nello studio di Corkery con kratom e Salmonella?")
    assert terms == ["corkery", "salmonella"]


def test_a_next_closest_synthesis_that_names_the_thing_asked_answers() -> None:
    # The closest synthesis is about treatment in general and never names naloxone; the next one,
    # nearly as close, does.
    treatment = _synthesis("How is kratom addiction treated?")
    naloxone = replace(_synthesis("Does naloxone reverse a kratom overdose?"), id="syn-naloxone")
    nearest = [Nearest(treatment, SYNTHESIS_MATCH + 0.1), Nearest(naloxone, SYNTHESIS_MATCH + 0.05)]
    decision = _decide("Can naloxone reverse a kratom overdose?", [], nearest)
    assert (decision.path, decision.synthesis) == ("synthesis", naloxone)


def test_a_far_synthesis_that_names_the_thing_does_not_answer() -> None:
    treatment = _synthesis("How is kratom addiction treated?")
    naloxone = replace(_synthesis("Does naloxone reverse a kratom overdose?"), id="syn-naloxone")
    nearest = [Nearest(treatment, SYNTHESIS_MATCH + 0.1), Nearest(naloxone, 0.3)]
    decision = _decide("Can naloxone reverse a kratom overdose?", [], nearest)
    assert decision.synthesis is not naloxone


def test_a_follow_up_on_a_named_study_is_answered_from_its_findings() -> None:
    question = "how many of them had mixed it with alcohol?"
    hits = [_hit("Of 156 deaths, 87% had mixed kratom with alcohol or other drugs.", 0.3, "corkery-2019-deaths")]
    named = frozenset({"corkery-2019-deaths"})
    assert _decide(question, hits).action == "no_evidence", "no study named: far from every finding"
    decision = decide(understand(question), question, hits, [], [], _vocabulary(), THRESHOLD, named=named)
    assert (decision.action, decision.path) == ("answer", "named_source")
    glaucoma = "did that study look at glaucoma?"
    decision = decide(understand(glaucoma), glaucoma, hits, [], [], _vocabulary(), THRESHOLD, named=named)
    assert decision.action == "no_evidence", "what the question names must be in the named study's findings"
    cited = "in the Corkery 2019 paper, what share were men?"
    decision = decide(understand(cited), cited, hits, [], [], _vocabulary(), THRESHOLD, named=named, cited=named)
    assert (decision.action, decision.path) == ("answer", "named_source"), "a study the question cites answers"
    pointed = "and what share of them were men?"
    decision = decide(understand(pointed), pointed, hits, [], [], _vocabulary(), THRESHOLD, named=named)
    assert decision.action == "no_evidence", "named only by the last answer, its findings must hold the words"


def test_a_specific_legal_question_falls_back_to_the_row_when_no_finding_answers() -> None:
    decision = _decide("When did Utah's kratom law take effect?", [], rows=[_row("Utah")])
    assert (decision.action, decision.path) == ("answer", "legal_row")
    assert decision.legal and decision.legal.name == "Utah"


def test_a_place_whose_law_is_unknown_needs_one_finding_about_that_place() -> None:
    # Findings that name the place only in passing, apart from the one about another country's law,
    # do not answer a question about this place's law.
    rows = [_row("Utah", kratom="unknown", source="unknown")]
    question = "When did the ban on kratom sales start in Utah?"
    apart = [_hit("The ban on kratom sales in Denmark: its start was 2009.", 0.7), _hit("Authors in Utah.", 0.6)]
    decision = _decide(question, apart, rows=rows)
    assert (decision.action, decision.path) == ("no_evidence", "legal_unknown")
    about = [_hit("The ban on kratom sales in Utah: its start was 2019, a review said.", 0.7)]
    assert _decide(question, about, rows=rows).action == "answer"


def test_a_name_a_table_knows_in_capitals_is_not_an_unknown_name() -> None:
    # Table phrases matched as written ("USA") are compared with the folded words of the question.
    assert unknown_names("Quante persone si sono ammalate negli USA in quell'epidemia?") == []
    assert unknown_names("Quante persone si sono ammalate negli USA e a Zorbex?") == [["zorbex"]]


def _titled(synthesis_id: str, title: str, bottom_line: str = "") -> Synthesis:
    return replace(_synthesis(title), id=synthesis_id, bottom_line=bottom_line or f"{title} [§ a: b]")


FDA_PAGE = Nearest(_titled("syn-fda-page", "Is kratom FDA-approved?"), 0.78)
FDA_7OH = Nearest(_titled("syn-fda-7oh", "What did the FDA do about 7-OH in 2025?"), 0.66)


def test_a_synthesis_naming_the_years_and_initials_asked_about_comes_first_when_nearly_as_close() -> None:
    # A glossed question ("why FDA 2025 7-oh recommend controlled") is a weak embedding: the event
    # it names (FDA, 2025, 7-OH) picks the synthesis among those nearly as close.
    asked = "perche la FDA nel luglio 2025 ha raccomandato di mettere il 7-OH tra le sostanze controllate?"
    first = prefer_anchored([FDA_PAGE, FDA_7OH], asked, glossed=True)
    assert first[0].synthesis.id == "syn-fda-7oh" and first[0].score == FDA_PAGE.score
    assert [n.synthesis.id for n in first] == ["syn-fda-7oh", "syn-fda-page"]


@pytest.mark.parametrize(
    ("asked", "glossed"),
    [
        ("Why did the FDA act on 7-OH in 2025?", False),  # in English the embedding is the surer guide
        ("¿Es legal el kratom?", True),  # nothing to anchor on
        ("Según la FDA, ¿cuánto duran los efectos?", True),  # one agency alone names no event
        ("¿Qué hizo la FDA con el 7-OH en 2019?", True),  # the further one does not name the year
        ("¿Qué dijo la DEA del 7-OH en 2025?", True),  # it must name them all: not the DEA
    ],
)
def test_the_closest_synthesis_stays_first_without_anchors_it_alone_names(asked: str, glossed: bool) -> None:
    assert prefer_anchored([FDA_PAGE, FDA_7OH], asked, glossed=glossed)[0] == FDA_PAGE


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        # The asker's story after the question is no part of it; a claim they heard qualifies it.
        ("what even is kratom? my teenager's friend had some", "what even is kratom?"),
        ("can u buy kratom in rhode island now?? i thought it was banned there", None),
        ("is kratom legal in the UK? someone said it was banned under the Psychoactive Substances Act", None),
        ("I'm a reporter in Tampa. What did the Florida study find?", " What did the Florida study find?"),
        ("is kratom legal in the UK? asking bc I'm in London", None),
        ("can kratom mess up your liver? my ALT came back high on bloodwork", "can kratom mess up your liver?"),
    ],
)
def test_the_question_is_read_without_the_story_around_it(question: str, asked: str | None) -> None:
    assert from_the_question(question) == (question if asked is None else asked)


def test_chat_words_are_no_unknown_names() -> None:
    assert unknown_names("does narcan work if someone ODs on kratom? LOL") == []
