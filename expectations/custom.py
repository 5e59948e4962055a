"""Expectations Great Expectations does not ship, for Chinese identifiers (DOMAIN.md §6).

Each is a column-map expectation backed by the reference implementation in
`ingest/identifiers.py`, so the generator, the gates and the tests agree on one algorithm.
Nulls are not judged here (a separate not-null expectation says whether a value is required).
"""

from __future__ import annotations

import pandas as pd
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics import ColumnMapMetricProvider, column_condition_partial

from ingest.identifiers import id_numbers_valid, phones_valid, usccs_valid


class ColumnValuesResidentIdNumberValid(ColumnMapMetricProvider):
    condition_metric_name = "column_values.resident_id_number_valid"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, **kwargs):
        return pd.Series(id_numbers_valid(column), index=column.index)


class ColumnValuesUsccValid(ColumnMapMetricProvider):
    condition_metric_name = "column_values.uscc_valid"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, **kwargs):
        return pd.Series(usccs_valid(column), index=column.index)


class ColumnValuesPhoneValid(ColumnMapMetricProvider):
    condition_metric_name = "column_values.phone_valid"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, **kwargs):
        return pd.Series(phones_valid(column), index=column.index)


class ExpectColumnValuesToBeValidResidentIdNumber(ColumnMapExpectation):
    """Resident ID numbers (GB 11643): 17 digits and a check character, a real birth date
    between 1900 and today, and the mod-11 check character."""

    map_metric = "column_values.resident_id_number_valid"
    success_keys = ("mostly",)


class ExpectColumnValuesToBeValidUscc(ColumnMapExpectation):
    """Unified social credit codes (GB 32100): 18 characters of the code alphabet, the
    organisation-code check (GB 11714) at position 17 and the mod-31 check character."""

    map_metric = "column_values.uscc_valid"
    success_keys = ("mostly",)


class ExpectColumnValuesToBeValidChinesePhone(ColumnMapExpectation):
    """Phone numbers: a mainland mobile (1[3-9] and 9 digits, +86 allowed) or a landline."""

    map_metric = "column_values.phone_valid"
    success_keys = ("mostly",)
