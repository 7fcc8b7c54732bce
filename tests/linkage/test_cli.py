"""`corridor link` and `corridor dedupe`: outputs, and bad input refused with a one-line error."""

import csv

import pytest

from corridor.linkage.cli import main

GOOD = "record_id,full_name,date_of_birth,sex,place\n1,Щербакова Оксана Владимировна,03.07.1961,F,Суджа\n2,Иванов Иван Петрович,1950,M,Замостье\n"
REQUESTS = "record_id,given_name,family_name,date_of_birth\nr1,Oksana,Shcherbakova,1961\nr2,Petro,Petrenko,1990\n"


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def read_csv(path):
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def run(argv, capsys):
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err.strip()


def test_link_writes_pairs_with_explanations(tmp_path, capsys):
    left, right, out = (
        write(tmp_path / "req.csv", REQUESTS),
        write(tmp_path / "reg.csv", GOOD),
        tmp_path / "pairs.csv",
    )
    code, err = run(["link", left, right, "-o", out], capsys)
    assert code == 0, err
    rows = read_csv(out)
    assert [(r["left_id"], r["right_id"]) for r in rows] == [("r1", "1")]
    assert float(rows[0]["match_probability"]) > 0.5
    assert rows[0]["family"] == "same"
    assert "family name" in rows[0]["explanation"]


def test_dedupe_writes_clusters(tmp_path, capsys):
    data = GOOD + "3,Shcherbakova Oksana,1961-07-03,F,Sudzha\n"
    src, out = write(tmp_path / "list.csv", data), tmp_path / "clusters.csv"
    code, err = run(["dedupe", src, "-o", out], capsys)
    assert code == 0, err
    rows = {r["record_id"]: r["cluster_id"] for r in read_csv(out)}
    assert rows["1"] == rows["3"] != rows["2"]


def test_map_renames_columns(tmp_path, capsys):
    src = write(tmp_path / "list.csv", GOOD.replace("record_id", "id").replace("full_name", "ПІБ"))
    out = tmp_path / "c.csv"
    code, err = run(
        ["dedupe", src, "-o", out, "--map", "id=record_id", "--map", "ПІБ=full_name"], capsys
    )
    assert code == 0, err


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        ("full_name,date_of_birth\nИванов,1950\n", "utf-8", "row 1: missing column record_id"),
        (
            "record_id,full_name\n1,Иванов\n1,Петров\n",
            "utf-8",
            "row 3, column record_id: duplicate id '1' (first at row 2)",
        ),
        ("record_id,full_name\n1,Иванов\n", "cp1251", "row 2: bytes are not valid utf-8"),
        ("", "utf-8", "the file is empty"),
        ("record_id,full_name\n", "utf-8", "header but no rows"),
        ("record_id,date_of_birth\n1,1950\n", "utf-8", "no name column"),
        ("record_id,full_name\n,Иванов\n", "utf-8", "row 2, column record_id: empty id"),
    ],
    ids=[
        "missing-id-column",
        "duplicate-ids",
        "wrong-encoding",
        "empty",
        "no-rows",
        "no-name",
        "empty-id",
    ],
)
def test_bad_input_is_one_line_and_leaves_no_output(tmp_path, capsys, content, encoding, message):
    bad = write(tmp_path / "bad.csv", content, encoding)
    out = tmp_path / "out.csv"
    code, err = run(["dedupe", bad, "-o", out], capsys)
    assert code == 2
    assert "\n" not in err
    assert str(bad) in err
    assert message in err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temporary leftovers either


def test_unreadable_spreadsheet(tmp_path, capsys):
    bad = write(tmp_path / "bad.xlsx", "this is not a spreadsheet")
    code, err = run(["dedupe", bad, "-o", tmp_path / "o.csv"], capsys)
    assert code == 2
    assert "cannot read the spreadsheet" in err


def test_cp1251_accepted_when_declared(tmp_path, capsys):
    src = write(tmp_path / "list.csv", GOOD, "cp1251")
    code, err = run(["dedupe", src, "-o", tmp_path / "c.csv", "--encoding", "cp1251"], capsys)
    assert code == 0, err


def test_progress_bar_on_request(tmp_path, capsys):
    src, out = write(tmp_path / "list.csv", GOOD), tmp_path / "c.csv"
    code, err = run(["dedupe", src, "-o", out, "--progress"], capsys)
    assert code == 0
    assert "records" in err
    assert "/2 [" in err  # tqdm draws the bar with its total


def test_parquet_input_with_extra_columns_kept_out_of_the_way(tmp_path, capsys):
    import pyarrow as pa
    import pyarrow.parquet as pq

    src, out = tmp_path / "list.parquet", tmp_path / "c.csv"
    pq.write_table(
        pa.table(
            {
                "record_id": ["1", "2", "3"],
                "full_name": [
                    "Щербакова Оксана Владимировна",
                    "Иванов Иван Петрович",
                    "Shcherbakova Oksana",
                ],
                "date_of_birth": ["03.07.1961", "1950", "1961-07-03"],
                "source_row": [10, 11, 12],
            }
        ),
        src,
    )
    code, err = run(["dedupe", src, "-o", out], capsys)
    assert code == 0, err
    rows = {r["record_id"]: r["cluster_id"] for r in read_csv(out)}
    assert rows["1"] == rows["3"] != rows["2"]
