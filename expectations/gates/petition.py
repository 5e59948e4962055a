"""Gate for petitions (信访, docs/sources.md "petition")."""

from ..vocabularies import satisfaction_words
from . import common as q

S = "petition"
# Timestamps in lifecycle order; order checks compare them after the warehouse's day-precision clamp.
LIFECYCLE = ("registered_on", "accepted_on", "closed_on")


def checks(ctx):
    return [
        *q.rows_present(S),
        *q.required(S, "petition_no", "信访件编号"),
        *q.unique(S, "petition_no", "信访件编号"),
        *q.required(S, "registered_on", "登记日期"),
        *q.typed(S),
        *q.in_time_range(S, "registered_on", "登记日期", ctx),
        *q.not_before(S, "accepted_on", "registered_on", "受理日期不早于登记日期"),
        *q.not_before(S, "closed_on", "accepted_on", "办结日期不早于受理日期"),
        *q.not_before(S, "due_on", "registered_on", "办理期限不早于登记日期"),
        *q.in_vocabulary(S, "form", "信访形式"),
        *q.in_vocabulary(S, "purpose", "信访目的"),
        *q.in_vocabulary(S, "satisfaction", "满意度", satisfaction_words()),
        *q.id_number_valid(S, "petitioner_id_number"),
        *q.phone_valid(S, "petitioner_phone"),
    ]
