from newsgraph.report import render
from newsgraph.schema import Analysis, Article, Entity, Geo, Mention


def _analysis(name: str) -> Analysis:
    article = Article(id="0123456789abcdef", text=f"{name} spoke.", title="A | *title*")
    person = Entity(id="e1", name=name, type="person", country="RUS", code="RUSGOV",
                    office="foreign minister",
                    mentions=[Mention(start=0, end=len(name), text=name, sentence=0)])
    place = Entity(id="e2", name="Kyiv", type="place", country="UKR",
                   geo=Geo(name="Kyiv", country="UKR", lat=50.45, lon=30.52),
                   mentions=[Mention(start=0, end=4, text="Kyiv", sentence=0)])
    return Analysis(article=article, entities=[person, place])


def test_the_text_report_lists_entities_by_kind_with_their_details() -> None:
    report = render(_analysis("Sergei Lavrov"))
    assert "People:" in report and "Places:" in report
    assert "Sergei Lavrov (foreign minister; RUS; RUSGOV; 1 mention)" in report
    assert "Kyiv (UKR; 50.450, 30.520; 1 mention)" in report


def test_markdown_escapes_article_text() -> None:
    report = render(_analysis("<script>x</script> | **bold**"), "markdown")
    assert "<script>" not in report
    assert "\\*\\*bold\\*\\*" in report
    assert "A \\| \\*title\\*" in report


def test_json_is_the_analysis_dictionary() -> None:
    import json
    assert json.loads(render(_analysis("X"), "json"))["entities"][0]["name"] == "X"


def test_events_and_quotes_are_listed_readably() -> None:
    analysis = _analysis("Sergei Lavrov")
    analysis.events = [{"source": {"name": "Russia", "code": "RUSGOV"},
                        "target": {"name": "Ukraine", "code": "UKRGOV"}, "cameo": "120",
                        "cameo_name": "reject", "date": "2025-03-01", "modality": "reported",
                        "negated": False, "evidence": [], "confidence": 0.7}]
    analysis.quotes = [{"speaker": {"name": "Sergei Lavrov"}, "kind": "indirect",
                        "cue": {"text": "reiterated"},
                        "content": [{"text": "that a ceasefire was not an option " * 10}],
                        "evidence": [], "confidence": 0.8}]
    report = render(analysis)
    assert "Russia [RUSGOV] -> 120 reject -> Ukraine [UKRGOV] · 2025-03-01 (reported)" in report
    line = next(line for line in report.splitlines() if "reiterated" in line)
    assert line.startswith("  - Sergei Lavrov (indirect, reiterated): that a ceasefire")
    assert line.endswith("…") and len(line) < 220


FRAMING_HEADINGS = ("Genre", "Tone", "Narratives", "Roles", "Techniques", "Frames")


def _framed() -> Analysis:
    analysis = _analysis("Sergei Lavrov")
    analysis.pipeline = {"newsgraph.framing.v1": "v1"}
    evidence = [{"start": 0, "end": 10, "text": "The talks <b>collapsed</b> [x](javascript:y)"}]
    analysis.genre = {"label": "reporting", "confidence": 0.71,
                      "scores": {"reporting": 0.71, "opinion": 0.25, "satire": 0.04},
                      "evidence": evidence}
    analysis.tone = {"label": "negative", "value": -0.42, "confidence": 0.6, "evidence": evidence,
                     "basis": {"method": "m", "components": {
                         "events": {"value": -0.3, "weight": 0.4, "count": 3, "mean_goldstein": -6.1},
                         "failed_outcomes": {"value": -0.5, "weight": 0.25, "count": 1,
                                             "found": ["ceasefire (collapsed)"]},
                         "quotes": {"value": 0.0, "weight": 0.15, "count": 0},
                         "lexical": {"value": -0.2, "weight": 0.2, "count": 4,
                                     "library": "vaderSentiment 3.3.2"}}},
                     "gdelt": {"tone": -3.5, "positive": 1.5, "negative": 5.0, "polarity": 6.5,
                               "words": 200}}
    analysis.narratives = [{"label": "URW: Discrediting Ukraine", "score": 0.8, "confidence": 0.8,
                            "evidence": evidence,
                            "subnarratives": [{"label": "URW: Discrediting Ukraine: Ukraine is a "
                                               "puppet of the West", "score": 0.6,
                                               "confidence": 0.6, "evidence": evidence}]}]
    analysis.roles = [{"entity": "e1", "name": "Sergei Lavrov", "main_role": "Antagonist",
                       "fine_roles": ["Deceiver"], "confidence": 0.66, "evidence": evidence,
                       "basis": {"as_source": {"events": 2, "mean_goldstein": -5.0, "force": 1},
                                 "as_target": {"events": 0}, "quotes_by": 1, "quotes_about": 0,
                                 "sentence_sentiment": -0.3}}]
    # "paragraph" is the line number (SemEval-2023): line 3 is the second paragraph
    analysis.article.text = "Sergei Lavrov spoke.\n\nHe called it *vile* lies."
    analysis.techniques = [{"label": "Loaded_Language", "score": 0.5, "confidence": 0.5,
                            "paragraph": 3, "span": {"start": 3, "end": 9, "text": "*vile* lies"},
                            "evidence": evidence}]
    analysis.frames = [{"label": "Security_and_defense", "score": 0.9, "confidence": 0.9,
                        "evidence": evidence}]
    return analysis


def test_the_text_report_shows_every_framing_section_with_its_basis() -> None:
    report = render(_framed())
    for heading in FRAMING_HEADINGS:
        assert f"\n{heading}:\n" in report
    assert "- reporting: confidence 0.71; opinion 0.25, satire 0.04" in report
    assert "- negative: -0.42, confidence 0.60" in report
    assert "basis: events: -0.30 (weight 0.4, 3 events, mean Goldstein -6.1)" in report
    assert "basis: failed outcomes: -0.50 (weight 0.25, 1 found): ceasefire (collapsed)" in report
    assert "basis: quotes: no evidence, left out" in report
    assert "GDELT tone: -3.5 (positive 1.5 % minus negative 5.0 % of 200 words)" in report
    assert "- URW: Discrediting Ukraine (0.80)" in report
    assert "    - URW: Discrediting Ukraine: Ukraine is a puppet of the West (0.60)" in report
    assert 'evidence: "The talks <b>collapsed</b>' in report
    assert "- Sergei Lavrov: Antagonist (Deceiver), confidence 0.66" in report
    assert ("basis: does 2 events (mean Goldstein -5.0, 1 using force); quoted 1, quoted about 0; "
            "sentences naming it -0.30") in report
    assert "- Loaded_Language (0.50, paragraph 2)" in report and 'span: "*vile* lies"' in report
    assert "- Security_and_defense (0.90)" in report
    assert "not computed" not in report


def test_markdown_shows_every_section_and_escapes_the_quoted_text() -> None:
    analysis = _framed()
    analysis.events = [{"source": {"name": "Russia | <i>", "code": "RUSGOV"}, "cameo": "190",
                        "cameo_name": "use conventional military force", "date": "2025-03-01",
                        "modality": "factual", "evidence": [], "confidence": 0.7}]
    analysis.quotes = [{"speaker": {"name": "Lavrov"}, "kind": "direct", "cue": {"text": "said"},
                        "stance": "warning", "content": [{"text": "`rm -rf` [click](http://x)"}],
                        "evidence": [], "confidence": 0.8}]
    report = render(analysis, "markdown")
    for heading in ("Events", "Quotes", *FRAMING_HEADINGS):
        assert f"\n## {heading}\n" in report
    assert "| Russia \\| \\<i\\> \\[RUSGOV\\] | 190 use conventional military force |" in report
    assert "| Lavrov | direct | said | warning | \\`rm -rf\\` \\[click\\](http://x) |" in report
    assert "- **reporting**: confidence 0.71" in report
    assert "\\<b\\>collapsed\\</b\\> \\[x\\](javascript:y)" in report
    assert "**Loaded\\_Language** (0.50, paragraph 2)" in report and "\\*vile\\* lies" in report
    assert "<b>" not in report and "<i>" not in report and "](" not in report.replace("\\](", "")


def test_framing_sections_say_when_the_profile_did_not_compute_them() -> None:
    analysis = _analysis("Sergei Lavrov")
    analysis.pipeline = {"newsgraph.entities.v1": "v1"}
    for output_format in ("text", "markdown"):
        report = render(analysis, output_format)
        assert report.count("not computed in the `fast` profile; use `--profile full`") == len(
            FRAMING_HEADINGS)
    analysis.pipeline["newsgraph.framing.v1"] = "v1"
    report = render(analysis)
    assert "not computed" not in report and report.count("- none found") == len(FRAMING_HEADINGS)
