"""The CSV archive (pipeline/archive.py): a valid zip that any reader opens, the same bytes whether its members were
compressed again or copied from the previous archive."""

from __future__ import annotations

import zipfile

from pipeline.archive import write_archive


def _csvs(folder, texts: dict[str, str]):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_archive_opens_and_holds_every_csv(tmp_path):
    texts = {"models.csv": "\ufeffid,name\nacme/a,Ä\n" * 500, "scores.csv": "id,value\n" + "x,1\n" * 2000, "empty.csv": ""}
    csv = _csvs(tmp_path / "csv", texts)
    target = tmp_path / "catalog-csv.zip"
    write_archive(csv, target, "distill-ledger 1.0.0, catalogue as of 2026-11-25")
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert archive.comment == b"distill-ledger 1.0.0, catalogue as of 2026-11-25"
        assert {i.filename: archive.read(i).decode("utf-8") for i in archive.infolist()} == \
            {f"csv/{name}": text for name, text in texts.items()}
        assert all(i.date_time == (2000, 1, 1, 0, 0, 0) for i in archive.infolist())


def test_copied_members_give_the_same_bytes_as_a_fresh_archive(tmp_path):
    old = _csvs(tmp_path / "old", {"a.csv": "a\n" * 3000, "b.csv": "b\n" * 3000})
    write_archive(old, tmp_path / "old.zip", "c")
    new = _csvs(tmp_path / "new", {"a.csv": "a\n" * 3000, "b.csv": "b changed\n" * 3000, "c.csv": "new\n"})
    write_archive(new, tmp_path / "reused.zip", "c", previous_csv=old, previous_archive=tmp_path / "old.zip")
    write_archive(new, tmp_path / "fresh.zip", "c")
    assert (tmp_path / "reused.zip").read_bytes() == (tmp_path / "fresh.zip").read_bytes()
    # A previous archive that is not one of ours (extra fields, another method) is not copied from.
    with zipfile.ZipFile(tmp_path / "foreign.zip", "w", compression=zipfile.ZIP_STORED) as foreign:
        foreign.writestr("csv/a.csv", "something else")
    write_archive(new, tmp_path / "safe.zip", "c", previous_csv=old, previous_archive=tmp_path / "foreign.zip")
    assert (tmp_path / "safe.zip").read_bytes() == (tmp_path / "fresh.zip").read_bytes()
