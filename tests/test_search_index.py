"""The search index patched after an edit (search._index, the cache's SearchIndex) is the
index made from scratch: the same terms, postings, chunk names and bytes, words files."""

from __future__ import annotations

import pickle
from array import array

import pytest
from conftest import NOW, SITE_YAML, snapshot, write_tree
from hypothesis import given, settings
from hypothesis import strategies as st

from irrtsite import cache, search
from irrtsite.cache import Fragment, SearchIndex
from irrtsite.keys import Fingerprint, code_key
from irrtsite.pipeline import Session, build

# terms whose UTF-16 order is not their code point order (the index sorts as JavaScript does)
VOCABULARY = ["a", "ab", "b", "ba", "é", "ｚ", "\U00020000", "\U00020000a", "x1", "zz", "日本"]
VOCABULARY += ["abcd", "abce", "bcdef"]  # long enough for the words files (typos)
fields = st.dictionaries(st.sampled_from(VOCABULARY), st.integers(0, 3), max_size=8)


def fragment(terms: dict[str, int]) -> Fragment:
    return Fragment(b"{}", b'""', b"{}", search._packed(terms), "")


def outputs(index: SearchIndex) -> tuple[object, ...]:
    """What the index writes: chunk names and bytes, words files."""
    fp = Fingerprint("test")
    chunks, refs, _ = search._term_chunks(fp, index.order, index.postings)
    words, word_refs = search._words(fp, index.order)
    return (
        [(o.path, o.bytes()) for o in chunks],
        refs,
        [(o.path, o.bytes()) for o in words],
        word_refs,
    )


def frozen(index: SearchIndex) -> tuple[object, ...]:
    return index.keys, index.order, {t: list(c) for t, c in index.postings.items()}, index.chunks


@settings(max_examples=200, deadline=None)
@given(
    docs=st.lists(fields, max_size=12),
    edits=st.lists(st.tuples(st.integers(0, 11), fields), max_size=6),
    reload=st.booleans(),
)
def test_a_patched_index_is_the_index_made_from_scratch(docs, edits, reload):
    # files of a few terms each: an edit early on moves the terms of the chunks after it
    with pytest.MonkeyPatch.context() as small:
        small.setattr(search, "CHUNK_BYTES", 12)
        small.setattr(search, "WORDS_BYTES", 8)
        _patched_and_scratch(docs, edits, reload)


def _patched_and_scratch(docs, edits, reload):
    keys = [f"k{n}" for n in range(len(docs))]
    numbered = [fragment(d) for d in docs]
    known = dict(zip(keys, numbered, strict=True))
    first, touched = search._index(keys, numbered, known, None)
    assert touched is None
    _, _, chunks = search._term_chunks(Fingerprint(), first.order, first.postings)
    last = SearchIndex(first.keys, first.order, first.postings, chunks)
    if reload:  # as the cache keeps it
        last = pickle.loads(pickle.dumps(last))
    before = frozen(last)
    for n, (at, terms) in enumerate(edits):
        if at < len(docs):
            keys[at], numbered[at] = f"e{n}-{at}", fragment(terms)
            known[keys[at]] = numbered[at]
    patched, touched = search._index(keys, numbered, known, last)
    scratch, _ = search._index(keys, numbered, known, None)
    assert touched is not None  # patched, not made again
    assert frozen(last) == before  # the last index is left as it was
    assert frozen(patched)[:3] == frozen(scratch)[:3]
    assert outputs(patched) == outputs(scratch)
    # chunk names reused from the last index are the names a digest would give
    fp = Fingerprint("test")
    reused = search._term_chunks(fp, patched.order, patched.postings, touched, last.chunks)
    fresh = search._term_chunks(fp, scratch.order, scratch.postings)
    assert reused[1:] == fresh[1:]


def test_an_index_that_does_not_fit_is_made_again():
    docs = [{"a": 0, "b": 3}, {"b": 1}, {"c": 2}]
    keys = ["k0", "k1", "k2"]
    numbered = [fragment(d) for d in docs]
    known = dict(zip(keys, numbered, strict=True))
    last, _ = search._index(keys, numbered, known, None)
    # a new newest document: every number shifts
    more = [fragment({"d": 0}), *numbered]
    known["new"] = more[0]
    index, touched = search._index(["new", *keys], more, known, last)
    assert touched is None and index.postings["a"] == array("I", [4])
    # a document whose old terms are no longer known
    index, touched = search._index(["k0", "k1", "gone"], numbered, {}, last)
    assert touched is None
    # postings that do not hold what the old terms say (a foreign index)
    wrong = SearchIndex(last.keys, last.order, {**last.postings, "a": array("I", [5])})
    changed = [fragment({"b": 3}), *numbered[1:]]
    known["k0'"] = changed[0]
    index, touched = search._index(["k0'", "k1", "k2"], changed, known, wrong)
    assert touched is None and "a" not in index.postings


def test_a_damaged_or_foreign_index_is_ignored_by_the_cache(tmp_path):
    index, _ = search._index(["k"], [fragment({"a": 1})], {}, None)
    state = cache.State(code_key(), index=index)
    cache.save(tmp_path, state)
    assert cache.load(tmp_path, code_key()).index == index
    good = (tmp_path / "index.pickle").read_bytes()
    (tmp_path / "index.pickle").write_bytes(good[:-3])
    loaded = cache.load(tmp_path, code_key())
    assert loaded.index is None and loaded.context == code_key()
    cache._write(tmp_path, "index.pickle", code_key(), ["not", "an", "index"])
    assert cache.load(tmp_path, code_key()).index is None
    args = (("k",), ("a", "b"), array("I", [1]).tobytes(), array("I", [5]).tobytes(), ())
    try:
        cache._search_index(*args)
    except ValueError:
        pass
    else:
        raise AssertionError("lengths that do not match the terms are refused")


POSTS = {
    f"blog/2026-0{1 + n % 9}-{10 + n:02d}-post-{n}.md": (
        f"---\ntitle: Post {n} título\nauthor: A\ndate: 2026-0{1 + n % 9}-{10 + n:02d}\n"
        f"tags: [Peru]\n---\nBody {n} bibliotecas públicas 日本語.\n"
    )
    for n in range(8)
}


def search_files(files) -> dict[str, bytes]:
    """The search files serve has (made when first asked for: now)."""
    return {p: o.bytes() for p, o in files.everything().items() if p.startswith("search")}


def test_serve_patches_the_index_it_keeps_in_memory(tmp_path, monkeypatch):
    content = tmp_path / "content"
    write_tree(content, {"site.yaml": SITE_YAML, **POSTS})
    session = Session(content, workers=1)
    search_files(session.render(NOW)[1])  # the index made, kept in the session
    made: list[int] = []
    full = search._postings
    monkeypatch.setattr(search, "_postings", lambda docs: made.append(len(docs)) or full(docs))
    for n, words in enumerate(["nuevo texto", "otra palabra", "", "日本 más"]):
        post = content / list(POSTS)[n * 2 % 8]
        post.write_text(post.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
        _, outs, _ = session.render(NOW)
        monkeypatch.undo()
        clean = search_files(Session(content, workers=1).render(NOW)[1])
        monkeypatch.setattr(search, "_postings", lambda d: made.append(len(d)) or full(d))
        assert search_files(outs) == clean
    assert made == []  # every edit patched the index


def test_a_build_keeps_the_index_for_the_next(tmp_path, monkeypatch):
    content = tmp_path / "content"
    write_tree(content, {"site.yaml": SITE_YAML, **POSTS})
    out, folder = tmp_path / "out", cache.folder_for(content)
    build(content, out, NOW, cache_folder=folder, workers=1)
    assert isinstance(cache.load(folder, code_key()).index, SearchIndex)
    monkeypatch.setattr(search, "_postings", None)  # made from scratch: an error
    post = content / list(POSTS)[3]
    post.write_text(post.read_text(encoding="utf-8") + "\nañadido\n", encoding="utf-8")
    build(content, out, NOW, cache_folder=folder, workers=1)
    monkeypatch.undo()
    clean = tmp_path / "clean"
    build(content, clean, NOW)
    assert snapshot(out / "search") == snapshot(clean / "search")
    assert (out / "search-index.json").read_bytes() == (clean / "search-index.json").read_bytes()
