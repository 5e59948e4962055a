"""The bench's day of new exports is the lake's last day moved one day on (bench/run.py)."""

from bench.run import next_day_text


def test_every_written_date_moves_one_day_on():
    assert next_day_text("2026-01-31 23:10:00") == "2026-02-01 23:10:00"
    assert next_day_text("2026/1/31 14:15") == "2026/2/1 14:15"
    assert next_day_text("2025-12-31T10:00:00+08:00") == "2026-01-01T10:00:00+08:00"
    steps = '[{"step": "上报", "at": "2025-11-21T15:43:31+08:00"}, {"step": "办结", "at": "2025-11-22T08:00:00+08:00"}]'
    assert next_day_text("2026年1月31日") == "2026年2月1日"
    assert next_day_text("20260131") == "20260201"
    assert next_day_text("46025.7014") == "46026.7014"
    assert next_day_text(steps) == steps.replace("11-21", "11-22").replace("11-22T08", "11-23T08")


def test_other_values_stay_as_they_are():
    for value in ("2026013", "123.5", "秦淮区瑞金路1号", "2026-02-30", None, 3.5):
        assert next_day_text(value) == value
