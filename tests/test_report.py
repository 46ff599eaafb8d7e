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
