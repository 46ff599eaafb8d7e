"""Role evidence: what a hand-written article says each entity does (written before the code ran
on it)."""

import pytest

from newsgraph.framing.roles import EVIDENCE_NAMES, EVIDENCE_SIZE, read_deeds, role_basis, role_evidence
from newsgraph.framing.tone import ToneReader
from newsgraph.pipeline import Pipeline
from newsgraph.schema import Article

TEXT = ("Russian troops attacked Ukrainian soldiers near Bakhmut on Monday, the army said.\n"
        "President Volodymyr Zelensky accused Moscow of war crimes.\n"
        "\"They will answer for this,\" Zelensky said on Tuesday.\n")


@pytest.fixture(scope="module")
def reader() -> ToneReader:
    built = ToneReader()
    built.setup()
    return built


@pytest.mark.slow
def test_the_attacker_uses_force_the_attacked_suffers_it_the_speaker_is_quoted(
        pipeline: Pipeline, reader: ToneReader) -> None:
    analysis = pipeline.analyse([Article(id="r", text=TEXT)])[0]

    def deeds(phrase: str, last: bool = False):
        start = TEXT.rindex(phrase) if last else TEXT.index(phrase)
        return read_deeds(analysis, start, start + len(phrase), phrase, reader)

    attacker, attacked = deeds("Russian troops"), deeds("Ukrainian soldiers")
    assert attacker.source_force >= 1 and attacker.source_quads[4] >= 1
    assert attacked.target_force >= 1 and attacked.target_quads[4] >= 1
    assert attacked.source_force == 0
    speaker = deeds("Zelensky", last=True)
    assert len(speaker.quotes_by) >= 1
    basis = role_basis(attacker)
    assert basis["as_source"]["force"] >= 1 and basis["as_source"]["mean_goldstein"] < 0
    vector = role_evidence(attacked)
    assert vector.shape == (EVIDENCE_SIZE,)
    assert vector[EVIDENCE_NAMES.index("target:force")] > 0


def test_a_mention_no_entity_matches_is_typed_unknown(reader: ToneReader) -> None:
    from newsgraph.schema import Analysis
    analysis = Analysis(article=Article(id="x", text="Nobody came."))
    vector = role_evidence(read_deeds(analysis, 0, 6, "Nobody", reader))
    assert vector[EVIDENCE_NAMES.index("type:unknown")] == 1.0
    assert float(abs(vector).sum()) == pytest.approx(1.0 + float(vector[EVIDENCE_NAMES.index("mentions")]))
