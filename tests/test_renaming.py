"""renaming.put_in_place: a file moved over another atomically, the old one left for the
caller to remove (exchanged) or gone (os.replace where exchanging is not supported)."""

import os

import pytest

from irrtsite import renaming
from irrtsite.renaming import put_in_place


def _text(path):
    with open(path, encoding="utf-8") as file:
        return file.read()


def _files(tmp_path, **texts):
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return str(tmp_path / "new"), str(tmp_path / "live")


def test_a_file_replaced_is_exchanged_and_left_at_the_new_name(tmp_path):
    new, live = _files(tmp_path, new="new text", live="old text")
    exchanged = put_in_place(new, live)
    assert _text(live) == "new text"
    assert exchanged is (renaming._exchange() is not None)  # Linux: always exchanged
    if exchanged:
        assert _text(new) == "old text"
    else:
        assert not os.path.exists(new)


def test_without_exchange_it_is_os_replace(tmp_path, monkeypatch):
    monkeypatch.setattr(renaming, "_exchange", lambda: None)
    new, live = _files(tmp_path, new="new text", live="old text")
    assert put_in_place(new, live) is False
    assert _text(live) == "new text" and not os.path.exists(new)


def test_an_exchange_refused_falls_back_to_os_replace(tmp_path, monkeypatch):
    monkeypatch.setattr(renaming, "_exchange", lambda: lambda first, second: -1)
    new, live = _files(tmp_path, new="new text", live="old text")
    assert put_in_place(new, live) is False
    assert _text(live) == "new text" and not os.path.exists(new)


def test_nothing_in_place_is_a_rename(tmp_path):
    new, live = _files(tmp_path, new="new text")
    assert put_in_place(new, live) is False
    assert _text(live) == "new text" and not os.path.exists(new)


def test_a_symlink_in_place_is_replaced_not_followed(tmp_path):
    new, live = _files(tmp_path, new="new text", elsewhere="kept")
    os.symlink(tmp_path / "elsewhere", live)
    assert put_in_place(new, live) is False
    assert not os.path.islink(live) and _text(live) == "new text"
    assert (tmp_path / "elsewhere").read_text(encoding="utf-8") == "kept"


def test_a_folder_in_place_is_refused_as_os_replace_refuses_it(tmp_path):
    new, live = _files(tmp_path, new="new text")
    os.mkdir(live)
    with pytest.raises(OSError):
        put_in_place(new, live)
    assert os.path.isdir(live) and _text(new) == "new text"


def test_a_file_put_in_its_own_place_stays(tmp_path):
    new, _ = _files(tmp_path, new="text")
    assert put_in_place(new, new) is False
    assert _text(new) == "text"
