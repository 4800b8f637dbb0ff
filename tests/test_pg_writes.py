"""Writes on the PostgreSQL server: every kind of write the product makes, run as one scenario on
both engines with the same results; two clerks importing at once; a write that waits too long for
the lock gets "try again" and writes nothing; photos kept in the server, not on a replica's disk."""
from __future__ import annotations

import datetime as dt
import threading

import pandas as pd
import pytest

from cocreate import auth
from cocreate.assessment import readiness
from cocreate.assessment.intake import import_results
from cocreate.campaign import board
from cocreate.errors import CocreateError
from cocreate.intake import tasks as task_intake
from cocreate.intake.observations import ImportResult, import_file, load_frame, rollback_batch
from cocreate.points import citizen
from cocreate.points import field as points_field
from cocreate.points import intake as points_intake
from cocreate.problems import intake as problems_intake
from cocreate.problems import store as problems_store
from cocreate.store import db
from cocreate.store.figures import refresh_figures

from test_pg_queries import assert_same_frame

TODAY = dt.date(2026, 11, 30)
NOW = dt.datetime(2026, 11, 30, 9, 30)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PROBLEM = ("问题编号,地区代码,责任单位代码,点位类型,点位名称,问题类别,问题描述,发现日期,整改时限,状态,整改日期,复核日期,来源,照片\n"
           "T-1,420106,420106,market,武昌区测试市场,littering,地面垃圾,2026-10-01,2026-10-04,open,,,暗访,\n")
TASKS = ("任务编号,称号代码,部门代码,牵头领导,任务,完成时限,状态,关联指标,销号日期,佐证材料\n"
         ",civilized,lz_civilization,市委副书记,新任务：志愿服务,2026-12-20,未开始,,,\n")
SCORES = ("地区代码,年度,类型,测评项目,得分,测评日期\n"
          "620100,2025,正式测评,材料审核,86.5,2025-12-10\n"
          "620100,2025,正式测评,实地考察,72.0,2025-12-10\n")
# a questionnaire round whose satisfaction answers are citizen_satisfaction_pct's 2026 figure: 300 / 400 = 75 %
# a ledger point (at the demo point PT-420106-efd8ac7a's place, inside 420106) and a changed demo point
LEDGER = ("点位编号,点位名称,点位类型,地区代码,责任单位代码,地址,纬度,经度,在用\n"
          "PT-T-1,武昌区测试公厕,public_toilet,420106,420106,,30.58995,114.33789,是\n"
          "PT-420106-5a53ae5a,武昌区积玉桥农贸市场,market,420106,420106,,30.51999,114.31896,是\n")
QUEST = ("area_code,round,survey_date,question_code,group_code,sample_size,n_positive\n"
         "620100,2026-R2,2026-11-20,sat_traffic,residents,400,300\n")


def figures(rows: list[tuple[str, str, str, float]]) -> bytes:
    return ("indicator_code,area_code,period,value\n" + "".join(f"{i},{a},{p},{v}\n" for i, a, p, v in rows)).encode()


def scenario(con) -> None:
    """Users and lockout, figures and rollback, problems and photos, tasks, assessment, readiness."""
    auth.add_user(con, "boss", "pass-word-1", "admin")
    auth.add_user(con, "jiangan", "pass-word-2", "clerk", "420102,420106")
    for _ in range(auth.MAX_FAILED):
        with pytest.raises(auth.AuthError):
            auth.authenticate(con, "jiangan", "wrong", NOW)
    with pytest.raises(auth.AuthError) as locked:
        auth.authenticate(con, "jiangan", "pass-word-2", NOW)
    assert locked.value.key == "auth_locked"
    auth.unlock_user(con, "jiangan")
    clerk, admin = auth.authenticate(con, "jiangan", "pass-word-2", NOW), auth.get_user(con, "boss")
    one = import_file(con, figures([("ambulances", "420102", "2026-10", 41), ("ambulances", "420106", "2026-10", 9)]),
                      "a.csv", user=clerk, today=TODAY)
    two = import_file(con, figures([("ambulances", "420102", "2026-10", 43)]), "b.csv", user=admin, today=TODAY)
    assert (one.batch_id, two.batch_id, two.rows_replaced) == (2, 3, 1)
    with pytest.raises(CocreateError) as superseded:
        rollback_batch(con, one.batch_id, admin)
    assert superseded.value.key == "batch_superseded"
    assert rollback_batch(con, two.batch_id, admin)["restored"] == 1
    problems_intake.import_problems(con, PROBLEM.encode(), "p.csv", user=clerk, today=TODAY)
    problems_store.mark_rectified(con, "T-1", clerk, TODAY, note="清理完毕", photos=[("after.png", PNG)], today=TODAY)
    problems_store.verify(con, "T-1", admin, TODAY, today=TODAY)
    ledger = points_intake.import_points(con, LEDGER.encode(), "点位.csv", user=clerk)
    assert (ledger.inserted, ledger.updated) == (1, 1)
    auth.add_user(con, "xuncha", "pass-word-3", "inspector", "420106")
    filed = points_field.file_report(con, auth.get_user(con, "xuncha"), "PT-T-1", ["dirty_toilet", "littering"],
                                     "地面湿滑", [("found.png", PNG)], today=TODAY)
    assert [f["problem_id"] for f in filed] == ["FR261130-001", "FR261130-002"]
    sent = [citizen.submit(con, "client-pg-1" * 2, "垃圾桶满溢", ("found.png", PNG), point_code="PT-T-1", now=NOW),
            citizen.submit(con, "client-pg-1" * 2, "路灯不亮", ("found.png", PNG), address="测试路 1 号",
                           area_code="420106", now=NOW + dt.timedelta(minutes=1))]
    assert citizen.accept(con, clerk, sent[0], "PT-T-1", "littering", today=TODAY)["problem_id"] == "SP261130-001"
    citizen.decline(con, clerk, sent[1], "重复反映")
    assert citizen.complain(con, "client-pg-1" * 2, sent[1], "问题仍在", now=NOW) == 1
    refs = task_intake.load_refs(con)
    res = task_intake.import_tasks(con, TASKS.encode("gbk"), "任务.csv", user="clerk1", today=TODAY)
    assert res.inserted == 1
    board.close_task(con, "LZ-GDN-04", "2026-11-20", "方案印发文件", user="clerk1", today=TODAY)
    assert refs is not None
    import_results(con, SCORES.encode("gbk"), "2025年测评.csv", user="clerk1", today=TODAY)
    import_results(con, SCORES.replace("86.5", "88").encode(), "again.csv", user="clerk1", today=TODAY)
    assert import_results(con, QUEST.encode(), "问卷.csv", user="clerk1", today=TODAY).figures.rows_replaced == 1
    window = (dt.date(2025, 12, 1), dt.date(2026, 11, 30))
    doc = readiness.store_document(con, "620100", "C12", b"%PDF-1.7 ...", "方案.pdf", dt.date(2026, 6, 1), window,
                                   "clerk1", NOW)
    readiness.mark_checked(con, doc["doc_id"], TODAY)


# Written with the clock or a random id: compared by presence, not value.
CLOCK = {"created_at", "changed_at", "loaded_at", "updated_at", "uploaded_at", "rolled_back_at", "since",
         "replaced_at", "locked_until", "doc_id", "receipt", "decided_at"}
AFTER = [("users_list", {}), ("batch_list", {}), ("problems_for_area", {"area": "420100"}),
         ("points_ledger", {"area": "420106"}), ("problems_photos", {"problem": "FR261130-002"}),
         ("problems_history_log", {"problem": "T-1"}), ("problems_photos", {"problem": "T-1"}),
         ("citizen_queue", {"area": "420100"}), ("citizen_complaints", {"area": "420100"}),
         ("task_board", {"area": "620100"}), ("task_history_log", {"area": "620100", "task": None}),
         ("score_results", {"area": "620100"}), ("readiness_documents", {"area": "620100"}),
         ("figure_history", {"indicator": "ambulances", "area": "420102", "period": dt.date(2026, 10, 1)}),
         ("figure_history", {"indicator": "citizen_satisfaction_pct", "area": "620100",
                             "period": dt.date(2026, 1, 1)}),
         ("title_progress", {"area": "420100", "title": "public_services", "as_of": None, "with_children": True,
                             "indicator": None})]


def test_every_write_gives_the_same_store_on_both_engines(demo_db_path, pg_demo_url):
    duck, pg = db.connect(demo_db_path), db.connect(pg_demo_url)
    try:
        v_duck, v_pg = db.data_version(duck), db.data_version(pg)
        scenario(duck)
        scenario(pg)
        assert db.data_version(duck) - v_duck == db.data_version(pg) - v_pg > 10
        for name, params in AFTER:
            a, b = db.run(duck, name, **params), db.run(pg, name, **params)
            assert len(a) and len(b), name
            keep = [c for c in a.columns if c not in CLOCK]
            assert_same_frame(a[keep], b[keep], name)
            for col in set(a.columns) & CLOCK:
                assert a[col].isna().tolist() == b[col].isna().tolist(), f"{name}.{col}"
        # the series kept beside figures (by difference: DuckDB per dirty key, the server per touched city)
        kept = "SELECT * FROM figure_series ORDER BY area_code, indicator_code, period"
        assert_same_frame(duck.execute(kept).df(), pg.cursor().execute(kept).df(), "figure_series")
        # and the figures themselves, with their sources (one definition, one sort order on both engines)
        kept = "SELECT * FROM figures ORDER BY area_code, indicator_code, period"
        assert_same_frame(duck.execute(kept).df(), pg.cursor().execute(kept).df(), "figures")
        # the source counts kept beside figures: equal on both engines and to the observations grouped
        kept_counts, pg_counts = duck.execute(SOURCE_COUNTS).df(), pg.cursor().execute(SOURCE_COUNTS).df()
        assert len(kept_counts) > 100
        assert_same_frame(kept_counts, pg_counts, "observation_sources")
        assert_same_frame(pg_counts, pg.cursor().execute(SOURCE_COUNTS_REF).df(), "observation_sources as counted")
        # the questionnaire's figure replaced the demo's 2026 one (2239 / 2910 = 76.94 %), history kept
        for con in (duck, pg):
            hist = db.run(con, "figure_history", indicator="citizen_satisfaction_pct", area="620100",
                          period=dt.date(2026, 1, 1))
            assert hist["value"].tolist() == pytest.approx([75.0, 100 * 2239 / 2910])
        count = "SELECT count(*) FROM assessment_scores_history"
        assert db.scalar(duck, count) == db.scalar(pg, count) == 2
        # the photo is in the server (no file beside any database), readable from another replica
        stored = db.run(pg, "problems_photos", problem="T-1")["stored_name"].iloc[0]
        replica = db.connect(pg_demo_url)
        try:
            assert problems_store.read_photo(replica, stored) == PNG
        finally:
            replica.close()
    finally:
        duck.close()
        pg.close()


def test_two_clerks_importing_at_once_both_succeed(pg_demo_url):
    """Two replicas' imports at the same moment: the write lock puts one after the other, both
    land whole with their own batch, and history keeps the value the first replaced."""
    cons = [db.connect(pg_demo_url), db.connect(pg_demo_url)]
    files = [figures([("ambulances", "420102", "2026-10", 50 + k), ("ambulances", f"42010{3 + k}", "2026-10", 7)])
             for k in range(2)]
    start, results, errors = threading.Barrier(2), [None, None], []

    def clerk(k):
        try:
            start.wait()
            results[k] = import_file(cons[k], files[k], f"clerk{k}.csv", today=TODAY)
        except Exception as exc:  # noqa: BLE001 (the test reports it)
            errors.append(exc)
    threads = [threading.Thread(target=clerk, args=(k,)) for k in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    try:
        assert errors == []
        assert sorted(r.batch_id for r in results) == [2, 3]
        first, second = sorted(results, key=lambda r: r.batch_id)
        assert (first.rows_replaced, second.rows_replaced) == (2, 2)   # each: a demo value and 420102
        batches = db.run(cons[0], "batch_list")
        assert batches["batch_id"].tolist() == [3, 2, 1] and (batches["status"] == "active").all()
        hist = db.run(cons[0], "figure_history", indicator="ambulances", area="420102", period=dt.date(2026, 10, 1))
        assert hist["state"].tolist() == ["current", "replaced", "replaced"]
        last = 50 + results.index(second)
        assert hist["value"].iloc[0] == last and hist["batch_id"].iloc[0] == second.batch_id
    finally:
        for c in cons:
            c.close()


def test_a_write_waiting_too_long_says_try_again_and_writes_nothing(pg_demo_url, monkeypatch):
    """Another replica holds the write lock (a long import): this one gives up after the lock
    timeout with a "try again" message, and nothing of it is in the store."""
    import psycopg
    from cocreate.store import pg
    monkeypatch.setenv("COCREATE_PG_LOCK_TIMEOUT", "300ms")
    holder = psycopg.connect(pg_demo_url, autocommit=True)
    con = db.connect(pg_demo_url)
    try:
        holder.execute("BEGIN")
        holder.execute("SELECT pg_advisory_xact_lock(%s)", [pg.WRITE_LOCK])
        before = (db.data_version(con), db.scalar(con, "SELECT count(*) FROM import_batches"))
        with pytest.raises(CocreateError) as busy:
            import_file(con, figures([("ambulances", "420102", "2026-10", 77)]), "late.csv", today=TODAY)
        assert busy.value.key == "import_conflict"
        with pytest.raises(CocreateError) as busy_task:
            board.close_task(con, "LZ-GDN-04", "2026-11-20", "方案印发文件", user="clerk1", today=TODAY)
        assert busy_task.value.key == "pg_busy"
        holder.execute("ROLLBACK")
        assert (db.data_version(con), db.scalar(con, "SELECT count(*) FROM import_batches")) == before
        assert db.scalar(con, "SELECT count(*) FROM pg_class WHERE relpersistence = 't'") == 0   # no temp left
        assert import_file(con, figures([("ambulances", "420102", "2026-10", 77)]), "again.csv",
                           today=TODAY).batch_id == 2      # tried again: it goes through
    finally:
        holder.close()
        con.close()


def test_a_figures_sources_are_the_same_on_the_server(fixture_db_path, pg_fixture_url):
    """The sources worked out by hand in test_figures.check_sources, on both engines, and the two
    stores' figures equal after that write."""
    from test_figures import check_sources
    duck, pg = db.connect(fixture_db_path), db.connect(pg_fixture_url)
    try:
        check_sources(duck)
        check_sources(pg)
        kept = "SELECT * FROM figures ORDER BY area_code, indicator_code, period"
        assert_same_frame(duck.execute(kept).df(), pg.cursor().execute(kept).df(), "figures")
    finally:
        duck.close()
        pg.close()


FIGURES = "SELECT * FROM figures ORDER BY area_code, indicator_code, period"
SOURCE_COUNTS = "SELECT area_code, period, source, n_observations FROM observation_sources ORDER BY 1, 2, 3"
SOURCE_COUNTS_REF = ("SELECT area_code, period, source, count(*) AS n_observations FROM observations "
                     "GROUP BY area_code, period, source ORDER BY 1, 2, 3")
SERIES = "SELECT * FROM figure_series ORDER BY area_code, indicator_code, period"


def _same_figures(duck, pg, what: str) -> None:
    assert_same_frame(duck.execute(FIGURES).df(), pg.execute(FIGURES).df(), "figures " + what)
    assert_same_frame(duck.execute(SERIES).df(), pg.execute(SERIES).df(), "figure_series " + what)
    assert_same_frame(duck.execute(SOURCE_COUNTS).df(), pg.execute(SOURCE_COUNTS).df(), "observation_sources " + what)
    assert_same_frame(pg.execute(SOURCE_COUNTS).df(), pg.execute(SOURCE_COUNTS_REF).df(), "source counts " + what)


def test_a_one_period_write_rewrites_only_its_figures_and_later_readers(fixture_db_path, pg_fixture_url):
    """By difference on both engines: a write at 2024-01 of 990101's population and 990102's public
    toilets rewrites (deletes and inserts) only these figures, worked out by hand from the fixture
    (population yearly each January, public toilets monthly 2022-01..2026-10, satisfaction quarterly,
    health centres yearly):
      leaves: population 990101 2024-01; public_toilets 990102 2024-01; the ratios over them at that
        key: public_toilets_per_10k 990102 2024-01 (numerator), residents_per_health_centre 990101
        2024-01 (numerator population); the readers of 990101's population as of 2024-01 until its
        next stored period 2025-01: public_toilets_per_10k 990101 2024-01..2024-12 (12) and the
        weighted mean satisfaction_pct 990101 2024-01/04/07/10 (4): 1 + 1 + 1 + 1 + 12 + 4 = 20
      roll-ups of the city 990100 at the same indicator and period: population, public_toilets,
        residents_per_health_centre at 2024-01 (3), public_toilets_per_10k 2024-01..12 (12),
        satisfaction_pct x 4: 19
    so 39 deleted and 39 inserted, not the city's whole store."""
    duck, pg = db.connect(fixture_db_path), db.connect(pg_fixture_url)
    keys = pd.DataFrame({"indicator_code": ["population", "public_toilets"], "area_code": ["990101", "990102"],
                         "period": [dt.date(2024, 1, 1)] * 2})
    try:
        whole = db.scalar(pg, "SELECT count(*) FROM figures WHERE area_code LIKE '9901%'")
        assert whole > 300   # what the server's old path deleted and inserted for the same write
        for con in (duck, pg):
            with db.transaction(con) as cur:
                cur.execute("UPDATE observations SET value = value + 1 WHERE period = DATE '2024-01-01' AND "
                            "((indicator_code = 'population' AND area_code = '990101') OR "
                            "(indicator_code = 'public_toilets' AND area_code = '990102'))")
                assert refresh_figures(cur, keys=keys) == {"deleted": 39, "inserted": 39, "full": False}
        _same_figures(duck, pg, "after the write")
        # 990101's population 1,000,001 now: its toilets ratio in 2024-06 is 300 / 1,000,001 x 10,000
        ratio = ("SELECT value FROM figures WHERE indicator_code = 'public_toilets_per_10k' AND area_code = '990101' "
                 "AND period = DATE '2024-06-01'")
        assert db.scalar(pg, ratio) == pytest.approx(300 / 1_000_001 * 10_000)
    finally:
        duck.close()
        pg.close()


@pytest.mark.parametrize("seed, rebuild", [(1, "never"), (2, "by the rule"), (3, "always")])
def test_random_writes_give_the_same_figures_on_both_engines(fixture_db_path, pg_fixture_url, seed, rebuild,
                                                             monkeypatch):
    """A seeded run of random imports, rollbacks and direct edits (test_figures' generator) on both
    engines: the figures (checked against the roll-up macro on DuckDB by test_figures) and their series
    are the same on the server after every step. The server keeps the touched series by difference
    ("never"), rebuilds them whole (series_pg.rebuild, the path of a file over every period: "always"),
    or chooses by its rule."""
    import random
    from cocreate.store import series_pg
    from test_figures import _catalog, _random_rows
    rebuilt, whole = [], series_pg.rebuild
    monkeypatch.setattr(series_pg, "rebuild", lambda cur, columns: rebuilt.append(1) or whole(cur, columns))
    if rebuild != "by the rule":
        monkeypatch.setattr(series_pg, "REBUILD_FROM_ROWS_PER_SERIES", -1 if rebuild == "always" else 10 ** 9)
    duck, pg = db.connect(fixture_db_path), db.connect(pg_fixture_url)
    rng = random.Random(seed)
    indicators = _catalog(duck)
    active: list[int] = []
    try:
        for step in range(8):
            action = rng.random()
            if action < 0.6 or not active:
                frame = _random_rows(rng, indicators, rng.randrange(1, 25))
                ids = []
                for con in (duck, pg):
                    result = ImportResult(file_name=f"random-{seed}-{step}.csv", sha256="x", rows_accepted=len(frame))
                    load_frame(con, frame, result, user_name="test")
                    ids.append(result.batch_id)
                assert ids[0] == ids[1]
                active.append(ids[0])
            elif action < 0.85:
                batch = rng.choice(active)
                outcomes = []
                for con in (duck, pg):
                    try:
                        rollback_batch(con, batch)
                        outcomes.append("done")
                    except CocreateError as exc:
                        outcomes.append(exc.key)
                assert outcomes[0] == outcomes[1]
                if outcomes[0] == "done":
                    active.remove(batch)
            else:   # a direct edit: delete some observations, then refresh by lists
                stored = duck.execute("SELECT indicator_code, area_code, period FROM observations ORDER BY ALL"
                                      ).fetchall()
                picked = rng.sample(stored, 3)
                for con in (duck, pg):
                    with db.transaction(con) as cur:
                        for key in picked:
                            cur.execute("DELETE FROM observations WHERE indicator_code = ? AND area_code = ? "
                                        "AND period = ?", list(key))
                        refresh_figures(cur, indicator_codes={k[0] for k in picked},
                                        area_codes={k[1] for k in picked}, periods={k[2] for k in picked})
            _same_figures(duck, pg, f"seed {seed} step {step}")
        if rebuild != "by the rule":
            assert bool(rebuilt) == (rebuild == "always")
    finally:
        duck.close()
        pg.close()


def test_refresh_by_lists_is_the_same_on_both_engines(fixture_db_path, pg_fixture_url):
    """A direct edit refreshed by lists, each list alone (the others None = any): the touched keys are
    the observations and value figures the lists select, on the server as on DuckDB."""
    duck, pg = db.connect(fixture_db_path), db.connect(pg_fixture_url)
    edits = [("DELETE FROM observations WHERE indicator_code = 'population' AND area_code = '990102' "
              "AND period = DATE '2023-01-01'", {"periods": [dt.date(2023, 1, 1)]}),
             ("UPDATE observations SET value = value * 2 WHERE indicator_code = 'satisfaction_pct' "
              "AND area_code = '990101'", {"indicator_codes": ["satisfaction_pct"]}),
             ("UPDATE observations SET value = value + 1 WHERE area_code = '990102' AND indicator_code = "
              "'public_toilets'", {"area_codes": ["990102"]})]
    try:
        for statement, lists in edits:
            counts = []
            for con in (duck, pg):
                with db.transaction(con) as cur:
                    cur.execute(statement)
                    counts.append(refresh_figures(cur, **lists))
            assert counts[0] == counts[1] and not counts[0]["full"]
            _same_figures(duck, pg, str(lists))
    finally:
        duck.close()
        pg.close()
