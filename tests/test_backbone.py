from newsgraph.backbone import Backbone
from newsgraph.reading import normalise
from newsgraph.schema import Article, Span


def _article(raw: str) -> Article:
    normalised = normalise(raw)
    return Article(id="t", text=normalised.text, headings=normalised.headings)


def test_sentences_never_cross_a_paragraph_and_headings_are_marked() -> None:
    backbone = Backbone()
    article = _article("Envoys met in Vienna on Monday\n\nTalks Stall Again\n\nNeither side "
                       "moved. A further round is planned for March.")
    parse = backbone.parse([article])[0]
    texts = [article.text[s.start:s.end] for s in parse.sentences]
    assert texts[0] == "Envoys met in Vienna on Monday"
    assert "Talks Stall Again" in texts
    kinds = {article.text[s.start:s.end]: s.kind for s in parse.sentences}
    assert kinds["Talks Stall Again"] == "heading"
    assert kinds["Neither side moved."] == "sentence"


def test_tokens_and_named_spans_point_into_the_text() -> None:
    article = _article("Sergei Lavrov met Hakan Fidan in Ankara.\n\nThe talks lasted two hours.")
    parse = Backbone().parse([article])[0]
    for token in parse.tokens:
        assert article.text[token.start:token.end] == token.text
        assert parse.tokens[token.head].sentence == token.sentence
    for named in parse.named:
        assert article.text[named.start:named.end] == named.text
    assert {"Sergei Lavrov", "Ankara"} <= {named.text for named in parse.named}


def test_memory_is_bounded_by_reloading_when_spacy_has_no_zones() -> None:
    backbone = Backbone(recycle_after=2)
    backbone.setup()
    first = backbone._nlp
    article = _article("Officials met in Riga on Friday to talk about energy links.")
    backbone.parse([article, article])
    if hasattr(first, "memory_zone"):
        assert backbone._nlp is first
    else:
        assert backbone._nlp is not first
    assert backbone.parse([article])[0].sentences


def test_a_reload_comes_when_no_doc_holds_the_old_vocabulary(monkeypatch) -> None:
    # A Doc holds its vocabulary: reloading while a batch's docs were alive kept the old
    # vocabulary beside the new model, and raised the peak memory at every reload.
    import gc

    import newsgraph.backbone as backbone_module
    from spacy.tokens import Doc

    backbone = Backbone(recycle_after=2)
    backbone.setup()
    old_vocab = backbone._nlp.vocab
    if hasattr(backbone._nlp, "memory_zone"):
        return  # spaCy >= 3.8 never reloads
    load = backbone_module._load
    alive_at_reload: list[int] = []

    def watching_load(model: str):
        gc.collect()
        alive_at_reload.append(sum(1 for item in gc.get_objects()
                                   if isinstance(item, Doc) and item.vocab is old_vocab))
        return load(model)

    monkeypatch.setattr(backbone_module, "_load", watching_load)
    article = _article("Ministers met in Oslo on Tuesday. They spoke about fishing rights.")
    backbone.parse([article, article])
    assert alive_at_reload == [0]
    assert backbone._nlp.vocab is not old_vocab


def test_an_empty_batch_parses_to_nothing() -> None:
    assert Backbone().parse([]) == []


def test_headings_given_as_spans_are_honoured() -> None:
    text = "Summit Ends\n\nLeaders left Brussels on Friday."
    article = Article(id="t", text=text, headings=[Span(0, 11, "Summit Ends")])
    parse = Backbone().parse([article])[0]
    assert parse.sentences[0].kind == "heading"


def test_a_text_over_the_limit_is_cut_at_a_paragraph_end_and_the_cut_recorded() -> None:
    from newsgraph.pipeline import Pipeline
    from newsgraph.settings import load_settings

    paragraph = "Delegates from both sides met in Vienna again on Monday morning."
    text = "\n\n".join([paragraph] * 40)
    pipeline = Pipeline(load_settings(overrides=["nlp.max_chars=1000"]))
    analysis = pipeline.analyse([Article(id="t", text=text)])[0]
    cut = int(analysis.pipeline["truncated_at"])
    assert cut <= 1000 and text[cut:cut + 2] == "\n\n"
    assert max(sentence.end for sentence in analysis.sentences) <= cut
