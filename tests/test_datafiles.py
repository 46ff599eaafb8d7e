import pytest

from newsgraph.datafiles import read_data_file
from newsgraph.errors import ConfigError, Messages


def test_text_is_read_without_a_byte_order_mark(tmp_path) -> None:
    path = tmp_path / "lexicon.yaml"
    path.write_bytes("\ufeffverbs:\n  - meet\n".encode())
    assert read_data_file(path) == "verbs:\n  - meet\n"
    assert read_data_file(str(path)) == "verbs:\n  - meet\n"


def test_a_missing_file_uses_the_callers_message(tmp_path) -> None:
    with pytest.raises(ConfigError, match="absent.yaml: data file not found"):
        read_data_file(tmp_path / "absent.yaml")
    with pytest.raises(ConfigError) as raised:
        read_data_file(tmp_path / "absent.yaml", missing=Messages.TAXONOMY_NOT_FOUND)
    assert raised.value.message == Messages.TAXONOMY_NOT_FOUND.format(path=tmp_path / "absent.yaml")


def test_bad_bytes_are_reported_at_their_line(tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"one: 1\ntwo: 2\nthree: caf\xe9\n")
    with pytest.raises(ConfigError) as raised:
        read_data_file(path)
    assert raised.value.message.startswith(f"{path}:3: not valid UTF-8")
