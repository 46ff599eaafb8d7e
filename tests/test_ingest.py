from pathlib import Path

from newsgraph.ingest import IngestSummary, ingest
from newsgraph.settings import load_settings
from newsgraph.store import Store

STORY = ("Foreign ministers from Turkey and Ukraine met in Ankara on Monday to discuss grain "
         "shipments across the Black Sea. The talks lasted three hours and ended with a joint "
         "statement on the safety of merchant vessels. Officials said a technical group would "
         "meet again next week to agree inspection rules for ships leaving Odesa. Insurers "
         "welcomed the statement but said premiums would stay high until attacks stopped.")


def test_a_syndicated_copy_is_stored_and_linked_to_the_first(tmp_path: Path) -> None:
    (tmp_path / "first.txt").write_text("Grain talks\n\n" + STORY, encoding="utf-8")
    copy = STORY.replace("three hours", "nearly three hours") + " Markets barely moved."
    (tmp_path / "second.txt").write_text("Grain talks (wire copy)\n\n" + copy, encoding="utf-8")
    other = ("The central bank left interest rates unchanged on Thursday and said inflation was "
             "slowing faster than expected across the services sector this quarter.")
    (tmp_path / "third.txt").write_text("Rates\n\n" + other, encoding="utf-8")
    settings = load_settings()
    seen: list[int] = []

    def progress(summary: IngestSummary) -> None:
        seen.append(summary.read)

    with Store(tmp_path / "store.duckdb") as store:
        summary = ingest([str(tmp_path)], settings, store, progress=progress)
        rows = {row.origin.rsplit("/", 1)[-1]: row for row in store.articles()}
    assert (summary.new, summary.near_duplicate) == (3, 1)
    assert rows["second.txt"].duplicate_of == rows["first.txt"].id
    assert rows["third.txt"].duplicate_of is None
    assert seen and seen[-1] == 3


def test_a_second_store_session_still_finds_near_duplicates(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "first.txt").write_text("Grain talks\n\n" + STORY, encoding="utf-8")
    (tmp_path / "b" / "copy.txt").write_text("Grain talks\n\n" + STORY + " Markets barely moved.",
                                             encoding="utf-8")
    settings = load_settings()
    with Store(tmp_path / "store.duckdb") as store:
        ingest([str(tmp_path / "a")], settings, store)
    with Store(tmp_path / "store.duckdb") as store:
        summary = ingest([str(tmp_path / "b")], settings, store)
        rows = store.articles()
    assert summary.near_duplicate == 1
    assert {row.duplicate_of for row in rows} == {None, rows[0].id}
