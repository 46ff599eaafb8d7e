"""The readable report under hostile article text and unclear cases (QA of issue 12): control
characters, unbounded titles and cells, where the tone's evidence sits, and how an uncertain or
demoted genre reads."""

from markdown_it import MarkdownIt

from newsgraph.report import render
from newsgraph.schema import Analysis, Article, Entity, Mention

FRAMING = {"newsgraph.framing.v1": "v1"}


def _article(**fields: object) -> Analysis:
    text = str(fields.pop("text", "The harbour office opened a new ferry line on Monday."))
    article = Article(id="00aa11bb22cc33dd", text=text, **fields)  # type: ignore[arg-type]
    return Analysis(article=article)


def _html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def test_terminal_control_characters_from_the_article_never_reach_the_report() -> None:
    analysis = _article(title="Port \x1b[2J\x1b]0;pwned\x07 reopens", source="Wire\x9b31m")
    analysis.quotes = [{"speaker": {"name": "a clerk"}, "kind": "direct", "cue": {"text": "said"},
                        "content": [{"text": "all \x1b[8mhidden\x1b[0m is well\x7f"}],
                        "evidence": [], "confidence": 0.8}]
    for output_format in ("text", "markdown"):
        report = render(analysis, output_format)
        assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) <= 0x9f for c in report), (
            output_format)
        assert "reopens" in report and "is well" in report


def test_a_huge_title_and_huge_names_are_cut_in_both_reports() -> None:
    title = "Ferry timetable changes " * 400
    analysis = _article(title=title, source="Harbour Gazette " * 300)
    name = "Grand Harbour Authority Of The Northern Coast " * 40
    analysis.entities = [Entity(id="e1", name=name, type="organisation",
                                mentions=[Mention(start=0, end=3, text="The", sentence=0)])]
    for output_format in ("text", "markdown"):
        report = render(analysis, output_format)
        assert max(len(line) for line in report.splitlines()) < 400, output_format
        assert "Ferry timetable changes" in report and "Grand Harbour Authority" in report


def test_a_quote_across_paragraphs_stays_on_one_line_of_the_text_report() -> None:
    analysis = _article()
    analysis.quotes = [{"speaker": {"name": "the mayor"}, "kind": "direct", "cue": {"text": "said"},
                        "content": [{"text": "We will run boats all winter.\n\nNobody will be left"
                                             " on the island."}], "evidence": [], "confidence": 0.8}]
    report = render(analysis)
    line = next(line for line in report.splitlines() if "the mayor" in line)
    assert "Nobody will be left" in line


def _tone() -> dict:
    evidence = [{"start": 0, "end": 20, "text": "The ferry line opened on time."}]
    return {"label": "positive", "value": 0.3, "confidence": 0.5, "evidence": evidence,
            "basis": {"method": "m", "components": {
                "events": {"value": 0.2, "weight": 0.4, "count": 1, "mean_goldstein": 4.0},
                "lexical": {"value": 0.3, "weight": 0.2, "count": 2}}},
            "gdelt": {"tone": 2.0, "positive": 3.0, "negative": 1.0, "words": 50}}


def test_the_tones_evidence_belongs_to_the_tone_not_to_the_gdelt_line() -> None:
    analysis = _article()
    analysis.pipeline = dict(FRAMING)
    analysis.tone = _tone()
    html = _html(render(analysis, "markdown"))
    tone = html.split("<h2>Tone</h2>")[1].split("<h2>")[0]
    gdelt_item = tone.split("GDELT tone")[1].split("</li>")[0]
    assert "evidence" not in gdelt_item
    assert "evidence" in tone
    text = render(analysis)
    lines = text.split("\nTone:\n")[1].split("\n\n")[0].splitlines()
    gdelt = next(line for line in lines if "GDELT tone" in line)
    evidence = next(line for line in lines if "evidence:" in line)
    assert len(evidence) - len(evidence.lstrip()) <= len(gdelt) - len(gdelt.lstrip())


def test_one_event_is_not_counted_as_events() -> None:
    analysis = _article()
    analysis.pipeline = dict(FRAMING)
    analysis.tone = _tone()
    assert "1 event," in render(analysis) and "1 events" not in render(analysis)


def test_an_uncertain_genre_names_its_best_guess_not_a_confidence_in_being_uncertain() -> None:
    analysis = _article()
    analysis.pipeline = dict(FRAMING)
    analysis.genre = {"label": "uncertain", "best": "reporting", "confidence": 0.44,
                      "scores": {"reporting": 0.44, "opinion": 0.38, "satire": 0.18},
                      "evidence": []}
    for output_format in ("text", "markdown"):
        genre = render(analysis, output_format).split("Genre")[1].split("Tone")[0]
        assert "uncertain" in genre and "best guess reporting 0.44" in genre.replace("\\", "")
        assert "confidence" not in genre


def test_satire_scored_highest_but_not_said_is_explained() -> None:
    analysis = _article()
    analysis.pipeline = dict(FRAMING)
    analysis.genre = {"label": "opinion", "best": "opinion", "confidence": 0.3,
                      "scores": {"reporting": 0.15, "opinion": 0.3, "satire": 0.55},
                      "evidence": []}
    genre = render(analysis).split("Genre:")[1].split("Tone:")[0]
    assert "satire 0.55" in genre and "strong evidence" in genre


def _narrative(label: str, score: float, taxonomy: str | None = None) -> dict:
    # as the stage writes them: the packaged narratives name their taxonomy but no method
    item = {"label": label, "score": score, "confidence": score, "subnarratives": [],
            "taxonomy": "semeval2025-narratives", "level": "narrative",
            "evidence": [{"start": 0, "end": 10, "text": "Gas bills doubled this winter."}]}
    if taxonomy:
        item |= {"taxonomy": taxonomy, "method": "zero-shot"}
    return item


def test_narratives_of_a_users_taxonomy_say_so_and_do_not_crowd_out_the_packaged_ones() -> None:
    analysis = _article()
    analysis.pipeline = dict(FRAMING)
    analysis.narratives = [_narrative("CC: Amplifying Climate Fears", 0.31),
                           *(_narrative(f"EN: Label {i}", 0.6 + i / 100, "energy") for i in range(4))]
    for output_format in ("text", "markdown"):
        narratives = render(analysis, output_format).split("Narratives")[1].split("Roles")[0]
        assert "Amplifying Climate Fears" in narratives, output_format
        assert "energy, zero-shot" in narratives and "and 1 more" in narratives
        assert "semeval2025" not in narratives
        assert narratives.index("Climate Fears") < narratives.index("EN: Label")


def test_subnarratives_left_out_of_the_report_are_counted() -> None:
    analysis = _article()
    analysis.pipeline = dict(FRAMING)
    narrative = _narrative("CC: Amplifying Climate Fears", 0.7)
    narrative["subnarratives"] = [_narrative(f"CC: Amplifying Climate Fears: Sub {i}", 0.5 - i / 10)
                                  for i in range(5)]
    analysis.narratives = [narrative]
    for output_format in ("text", "markdown"):
        narratives = render(analysis, output_format).split("Narratives")[1].split("Roles")[0]
        assert "Sub 2" in narratives and "Sub 3" not in narratives
        assert "and 2 more" in narratives, output_format


def test_events_and_quotes_say_none_found_when_their_stages_ran_and_found_none() -> None:
    analysis = _article()
    analysis.pipeline = {"newsgraph.events.v1": "v1", "newsgraph.quotes.v1": "v1"}
    markdown = render(analysis, "markdown")
    assert "\n## Events\n\n- none found\n" in markdown
    assert "\n## Quotes\n\n- none found\n" in markdown
    text = render(analysis)
    assert "\nEvents:\n  - none found\n" in text and "\nQuotes:\n  - none found\n" in text
    analysis.pipeline = {}
    assert "Events" not in render(analysis, "markdown") and "Quotes" not in render(analysis)


def test_the_tone_basis_names_the_quote_stances_it_counted() -> None:
    analysis = _article()
    analysis.pipeline = dict(FRAMING)
    analysis.tone = _tone()
    analysis.tone["basis"]["components"]["quotes"] = {
        "value": -0.5, "weight": 0.15, "count": 3, "stances": {"warning": 2, "accusation": 1}}
    report = render(analysis)
    assert "basis: quotes: -0.50 (weight 0.15, 3 quotes: 2 warning, 1 accusation)" in report


def test_a_technique_is_placed_by_the_paragraph_a_reader_counts_not_the_line_number() -> None:
    text = "The port reopened.\n\nShips queued all day.\n\nThis is an utter disgrace, said one captain."
    analysis = _article(text=text)
    analysis.pipeline = dict(FRAMING)
    start = text.index("This")
    analysis.techniques = [{"label": "Loaded_Language", "paragraph": 5, "score": 0.6,
                            "confidence": 0.6, "span": {"start": start + 11, "end": start + 25,
                                                        "text": "utter disgrace"},
                            "evidence": [{"start": start, "end": len(text),
                                          "text": text[start:]}]}]
    for output_format in ("text", "markdown"):
        techniques = render(analysis, output_format).split("Techniques")[1]
        assert "paragraph 3" in techniques and "paragraph 5" not in techniques, output_format
