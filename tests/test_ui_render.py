"""Response -> chat message, citation cards and Markdown copy: pure functions, no server."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from core.vocabulary import Citation, LegalStatus, Response
from frontends.render import (
    SourceRef,
    about_markdown,
    answer_markdown,
    as_of,
    chat_message,
    citation_cards,
    help_strip,
    is_legal_status,
    link_markers,
    readable_locator,
    stream_steps,
    unsaid,
    user_message,
)

VOID = {"br", "hr", "img", "input", "meta", "link"}


def cite(n: int = 1, **overrides) -> Citation:
    fields = dict(
        n=n,
        source_id="liver-case-series",
        title="Liver injury case series",
        url="https://doi.org/10.1/abc",
        locator="Results, Table 1",
        type="case_report",
        population="human",
        year=2021,
        publisher="Hepatology Journal",
        published="2021-03-04",
        finding="Eleven adults developed cholestatic liver injury.",
        evidence="Case report",
    )
    fields.update(overrides)
    return Citation(**fields)


def answered(*citations: Citation) -> Response:
    lines = ["**Bottom line:** Eleven adults developed liver injury. [1]", "", "**What the vetted sources report:**"]
    lines += [f"- *{c.evidence}* - {c.finding} [{c.n}]" for c in citations[1:]]
    return Response(action="answered", category="informational", answer="\n".join(lines), citations=list(citations))


class TagChecker(HTMLParser):
    """Fails on a closing tag that does not match the open one: a broken card would break the chat."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs) -> None:
        self.scripts += tag == "script"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def well_formed(markup: str) -> TagChecker:
    checker = TagChecker()
    checker.feed(markup)
    checker.close()
    assert checker.stack == [], f"unclosed: {checker.stack}"
    return checker


def test_every_marker_links_to_its_card_under_the_answer() -> None:
    response = answered(cite(1), cite(2, source_id="dose-survey", title="Online survey", evidence="Survey"))
    message = chat_message(response, turn=5, catalog={})
    assert message.count('href="#kqa-t5-c1"') == 1 and message.count('href="#kqa-t5-c2"') == 1
    assert 'id="kqa-t5-c1"' in message and 'id="kqa-t5-c2"' in message
    assert message.index('href="#kqa-t5-c2"') < message.index('id="kqa-t5-c1"'), "cards come after the answer"
    assert "[1]" not in re.sub(r"<[^>]+>\[\d\]</a>|<span[^>]*>\[\d\]</span>", "", message)
    well_formed(message)


def test_card_shows_title_publisher_year_type_badges_locator_finding_and_link() -> None:
    card = citation_cards([cite()], turn=1, catalog={"liver-case-series": SourceRef("Liver injury case series", 2021)})
    for part in (
        "Liver injury case series",
        "Hepatology Journal · 2021 · Case report</div>",
        ">Human<",
        '<span class="kqa-where">Results, Table 1</span>',
        "Eleven adults developed cholestatic liver injury.",
        'href="https://doi.org/10.1/abc"',
        "Open the original (doi.org)",
        '<a class="kqa-lib-link" href="?source=liver-case-series">',
    ):
        assert part in card, part
    assert 'target="_blank" rel="noopener noreferrer"' in card
    assert "Legal status" not in card


@pytest.mark.parametrize(("population", "badge"), [("animal", "Animal"), ("in_vitro", "In vitro"), ("n/a", None)])
def test_population_badge(population: str, badge: str | None) -> None:
    card = citation_cards([cite(population=population, evidence="Animal study")], 1, {})
    badges = re.findall(r'class="kqa-badge kqa-badge-\d">([^<]+)<', card)
    assert badges == ["Animal study"] + ([badge] if badge else [])


def test_evidence_badge_falls_back_to_the_type_when_the_label_is_missing() -> None:
    card = citation_cards([cite(type="survey", evidence="")], 1, {})
    assert "· Survey</div>" in card and ">Survey<" not in card, "said once, by the card"


def test_source_text_is_escaped_and_only_web_links_become_hrefs() -> None:
    hostile = cite(
        title='<script>alert("t")</script>',
        publisher="<b>Pub</b>",
        locator="<i>x</i>",
        finding="<img src=x onerror=alert(1)> & more",
        url="javascript:alert(1)",
    )
    message = chat_message(answered(hostile), 1, {})
    assert "<script" not in message and "<img" not in message and "<b>Pub" not in message
    assert "&lt;script&gt;" in message and "&lt;img src=x onerror=alert(1)&gt; &amp; more" in message
    assert "javascript:" not in message
    assert well_formed(message).scripts == 0


def test_answer_text_itself_is_escaped_but_keeps_its_markdown() -> None:
    response = Response(
        action="answered",
        category="informational",
        citations=[cite()],
        answer="**Bottom line:** levels <5 ng/mL & rising. [1]",
    )
    message = chat_message(response, 1, {})
    assert "**Bottom line:** levels &lt;5 ng/mL &amp; rising." in message


def test_source_text_with_blank_lines_cannot_end_the_html_block() -> None:
    card = citation_cards([cite(finding="first part\n\n# not a heading\n\nsecond")], 1, {})
    assert "\n" not in card and "first part # not a heading second" in card


@pytest.mark.parametrize(
    ("kind", "topics", "legal"),
    [
        ("regulatory_notice", [], True),
        ("legal_review", ["us_states"], True),
        ("agency", ["us_federal"], True),
        ("agency", ["international", "deaths"], True),
        ("agency", ["adverse_effects"], False),
        ("case_report", ["us_federal"], False),
    ],
)
def test_legal_status_citations_carry_their_as_of_date(kind: str, topics: list[str], legal: bool) -> None:
    citation = cite(type=kind, published="2018-02-06")
    catalog = {"liver-case-series": SourceRef("Liver", 2018, tuple(topics))}
    assert is_legal_status(citation, catalog) is legal
    card = citation_cards([citation], 1, catalog)
    assert ("Legal status as of 6 February 2018" in card) is legal


@pytest.mark.parametrize(
    ("published", "year", "expected"),
    [
        ("2018-02-06", 2018, "6 February 2018"),
        ("2022-09", 2022, "September 2022"),
        ("2019", 2019, "2019"),
        ("", 2016, "2016"),
        ("spring 2020", 2020, "2020"),
        ("", 0, "an unknown date"),
    ],
)
def test_as_of_dates(published: str, year: int, expected: str) -> None:
    assert as_of(cite(published=published, year=year)) == expected


def test_markers_that_name_no_citation_and_markdown_links_are_left_alone() -> None:
    text = "See [1] and [7] and [2](https://example.org)."
    linked = link_markers(text, 3, {1, 2})
    assert linked.startswith('See <a class="kqa-ref" href="#kqa-t3-c1"')
    assert "[7]" in linked and "[2](https://example.org)" in linked


def test_an_overdose_gets_911_poison_help_and_what_to_do_while_waiting_first() -> None:
    response = Response(action="urgent", category="emergency", answer="**Call 911 now.** Stay with the person.")
    message = chat_message(response, 1, {})
    help_box = message.index('class="kqa-help" role="alert"')
    assert help_box < message.index("Stay with the person")
    box = message[help_box : message.index("</div>", help_box)]
    assert re.search(r'Call <a href="tel:911">911</a> now', box)
    assert 'href="tel:18002221222"' in box and "awake and breathing" in box
    assert "988" not in box, "an overdose is not the suicide-crisis script"
    assert message.count("Stay with the person") == 1, "what to do while waiting is the reply's, said once"
    well_formed(message)


def test_a_crisis_gets_988_first_with_call_and_text_links() -> None:
    response = Response(action="urgent", category="self_harm", answer="You deserve support right now.")
    message = chat_message(response, 1, {})
    box = message[message.index('class="kqa-help"') : message.index("You deserve")]
    assert "Call or text" in box and 'href="tel:988"' in box and 'href="sms:988"' in box and 'href="tel:911"' in box
    assert "1-800-222-1222" not in box
    well_formed(message)


def test_a_decline_offers_its_suggestions_as_buttons_and_its_numbers_as_tel_links() -> None:
    text = (
        "I can't suggest an amount. A clinician or pharmacist can help; the **SAMHSA National Helpline** "
        "(1-800-662-4357) is free.\n\nI can tell you, for example:\n- *What do studies say about kratom and pain?*\n"
        '- *Is "7-OH" <legal>?*'
    )
    message = chat_message(Response(action="declined", category="personal_dosing", answer=text), 1, {})
    assert '<a href="tel:18006624357">1-800-662-4357</a>' in message
    buttons = re.findall(r'<button type="button" class="kqa-ask">([^<]*)</button>', message)
    assert buttons == ["What do studies say about kratom and pain?", 'Is "7-OH" &lt;legal&gt;?']
    assert "kqa-referral" not in message, "the reply already gives the SAMHSA line"
    well_formed(message)


def test_a_decline_without_a_helpline_gets_the_samhsa_line() -> None:
    response = Response(action="declined", category="sourcing", answer="I don't recommend vendors.")
    message = chat_message(response, 1, {})
    assert 'class="kqa-referral"' in message and 'href="tel:18006624357"' in message


def test_numbers_inside_words_and_addresses_stay_text() -> None:
    response = Response(action="urgent", category="self_harm", answer="Chat at 988lifeline.org or call 988.")
    body = chat_message(response, 1, {}).split("</div>", 1)[1]
    assert "988lifeline.org or call <a" in body


@pytest.mark.parametrize("action", ["declined", "no_evidence", "out_of_scope"])
def test_replies_that_are_not_answers_look_different(action: str) -> None:
    message = chat_message(
        Response(action=action, category="personal_dosing", answer="I can't suggest an amount."), 1, {}
    )
    assert f'class="kqa-reply kqa-{action} kqa-cat-personal_dosing"' in message
    assert "kqa-sources" not in message and "kqa-help" not in message
    assert "From the vetted sources" not in message


def test_stream_grows_line_by_line_and_ends_with_the_full_message() -> None:
    response = answered(cite(1), cite(2, finding="Jaundice was common."), cite(3, finding="All recovered."))
    steps = list(stream_steps(response, 2, {}))
    assert len(steps) == response.answer.count("\n") + 1
    assert steps[-1] == chat_message(response, 2, {})
    assert all("kqa-sources" not in step for step in steps[:-1])
    lengths = [len(s) for s in steps]
    assert lengths == sorted(lengths)


def test_urgent_reply_is_not_streamed() -> None:
    response = Response(action="urgent", category="self_harm", answer="Call or text 988.\n\nYou are not alone.")
    assert list(stream_steps(response, 1, {})) == [chat_message(response, 1, {})]


def test_user_words_are_shown_not_interpreted() -> None:
    assert user_message("<img src=x onerror=alert(1)> is 5 < 6?") == "&lt;img src=x onerror=alert(1)&gt; is 5 &lt; 6?"


def test_markdown_copy_has_the_answer_and_numbered_references() -> None:
    response = answered(
        cite(1),
        cite(
            2,
            source_id="fda",
            title="Agency statement",
            type="agency",
            url="",
            publisher="FDA",
            evidence="Agency statement",
            population="n/a",
        ),
    )
    markdown = answer_markdown(response, {"fda": SourceRef("Agency statement", 2021, ("us_federal",))})
    assert markdown.startswith("**Bottom line:**")
    refs = markdown.split("**References**\n")[1].splitlines()
    assert refs[0] == (
        "1. Liver injury case series. Hepatology Journal. 2021. Case report, Human. "
        "Results, Table 1. <https://doi.org/10.1/abc>"
    )
    assert refs[1].startswith("2. Agency statement. FDA. 2021. Agency statement. Results, Table 1. legal status as of")
    assert "<a " not in markdown and "kqa-" not in markdown


def test_markdown_copy_of_an_urgent_reply_starts_with_the_numbers() -> None:
    markdown = answer_markdown(Response(action="urgent", category="emergency", answer="Call now."), {})
    assert markdown.splitlines()[0] == (
        "**Call 911 now. If the person is awake and breathing, Poison Help: 1-800-222-1222.**"
    )
    crisis = answer_markdown(Response(action="urgent", category="self_harm", answer="You are not alone."), {})
    assert (
        crisis.splitlines()[0]
        == "**988 Suicide & Crisis Lifeline: call or text 988 now. In immediate danger: call 911.**"
    )


def test_about_panel_and_help_strip() -> None:
    about = about_markdown(73, "2026-11-24")
    for part in (
        "73 vetted sources",
        "no personal medical advice",
        "no doses",
        "2026-11-24",
        "1-800-222-1222",
        "988",
        "911",
        "Library",
    ):
        assert part in about
    strip = help_strip()
    well_formed(strip)
    assert 'href="tel:911"' in strip and 'href="tel:988"' in strip


LIVER = {
    "liver-case-series": SourceRef("Liver injury case series", 2021),
    "ahrq-2022-living-review": SourceRef("Plant-based treatments for chronic pain: living review", 2022),
}


def test_one_card_per_source_with_each_cited_place_anchored() -> None:
    citations = [
        cite(1),
        cite(2, locator="Results", finding="Jaundice was common.", population="animal", evidence="Animal study"),
        cite(3, source_id="dose-survey", title="Online survey", locator="Results, Table 3", evidence="Survey"),
    ]
    answer = "**Bottom line:** Eleven adults developed cholestatic liver injury. [1] Jaundice was common. [2] Pain. [3]"
    message = chat_message(
        Response(action="answered", category="informational", answer=answer, citations=citations), 4, LIVER
    )
    assert message.count('class="kqa-card"') == 2 and "Sources (2 sources)" in message
    for n in (1, 2, 3):
        assert message.count(f'id="kqa-t4-c{n}"') == 1 and message.count(f'href="#kqa-t4-c{n}"') == 1
    liver = message.split('class="kqa-card"')[1]
    # The finding about mice wears the finding's badges, not the source's.
    rows = re.findall(r'<li class="kqa-cited" id="kqa-t4-c(\d)">(.*?)</li>', liver)
    assert "· Case report</div>" in liver, "the card names the source's type"
    assert 'kqa-badge kqa-badge-1">Human<' in liver, "who was studied keeps its own badge colour"
    assert [re.findall(r'kqa-badge-\d">([^<]+)<', row) for _, row in rows] == [
        ["Human"],
        ["Animal study", "Animal"],
    ]
    well_formed(message)


def test_no_sentence_of_the_answer_is_repeated_in_its_cards() -> None:
    finding = "Eleven adults developed cholestatic liver injury. None needed a transplant."
    answer = "**Bottom line:** Eleven adults developed cholestatic liver injury. [1]"
    message = chat_message(
        Response(action="answered", category="informational", answer=answer, citations=[cite(finding=finding)]), 1, {}
    )
    assert message.count("Eleven adults developed cholestatic liver injury") == 1
    assert '<blockquote class="kqa-finding">None needed a transplant.</blockquote>' in message
    assert unsaid(finding, answer + " None needed a transplant.") == ""


def test_locators_are_readable_and_a_summary_names_the_sources_it_rests_on() -> None:
    locator = "§ ahrq-2022-living-review: Key findings, Limitations; unknown-2020-thing: Summary"
    assert readable_locator("Results, Table 2", LIVER) == "Results, Table 2"
    assert readable_locator(locator, LIVER) == (
        "Plant-based treatments for chronic pain: living review (2022): Key findings, Limitations; "
        "another vetted source: Summary"
    )
    card = citation_cards([cite(source_id="evidence-gaps", locator=locator, type="evidence_summary")], 1, LIVER)
    assert "Rests on " in card and 'href="?source=ahrq-2022-living-review"' in card
    assert "ahrq-2022-living-review:" not in card and "unknown-2020-thing" not in card


def test_a_certainty_badge_sits_beside_the_bottom_line() -> None:
    response = Response(
        action="answered",
        category="informational",
        answer="**Bottom line:** It may relieve pain. [1]\n\n**Key points:**\n- More. [1]",
        citations=[cite()],
        certainty="low",
    )
    message = chat_message(response, 1, {})
    assert '**Bottom line:** <span class="kqa-certainty kqa-certainty-low">Certainty: low</span> It may' in message


def test_a_legal_answer_shows_the_status_card_of_its_row() -> None:
    row = LegalStatus(
        name="Alabama",
        kratom="illegal (Schedule I)",
        seven_oh="unknown",
        age_limit="unknown",
        effective="2016-05-10",
        as_of="2025-06",
        source="liver-case-series",
    )
    response = Response(
        action="answered",
        category="informational",
        answer="**Bottom line:** As of 2025-06, kratom is illegal in Alabama. [1]",
        citations=[cite(type="legal_review")],
        legal=row,
    )
    message = chat_message(response, 2, {})
    card = message[message.index('class="kqa-legal"') : message.index("</section>")]
    assert "Legal status in Alabama" in card and "As of June 2025" in card and "illegal (Schedule I)" in card
    assert 'href="#kqa-t2-c1"' in card and "7-OH" not in card and "Laws change" in card
    well_formed(message)


def test_a_question_in_another_language_is_told_the_library_is_in_english() -> None:
    response = Response(action="no_evidence", category="informational", answer="Not covered.")
    assert "are in English" in chat_message(response, 1, {}, other_language=True)
    assert "are in English" not in chat_message(response, 1, {})
    answer = Response(action="answered", category="informational", answer="**Bottom line:** x [1]", citations=[cite()])
    assert "are in English" not in chat_message(answer, 1, {}, other_language=True), "the answer has its own note"


def test_an_urgent_reply_of_another_category_gets_every_number() -> None:
    message = chat_message(Response(action="urgent", category="unclassified", answer="Please call."), 1, {})
    for tel in ('href="tel:911"', 'href="tel:18002221222"', 'href="tel:988"'):
        assert tel in message
