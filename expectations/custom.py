"""Expectations Great Expectations does not ship, for Chinese identifiers (docs/domain.md §6).

Each is a column-map expectation backed by the reference implementation in
`ingest/rules/identifiers.py`, so the generator, the gates and the tests agree on one algorithm.
Nulls are not judged here (a separate not-null expectation says whether a value is required).
"""

from __future__ import annotations

import pandas as pd
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import ColumnMapExpectation
from great_expectations.expectations.metrics import ColumnMapMetricProvider, column_condition_partial

from ingest.rules.identifiers import id_numbers_valid, id_regions_known, phones_valid, usccs_valid


class ColumnValuesResidentIdNumberValid(ColumnMapMetricProvider):
    condition_metric_name = "column_values.resident_id_number_valid"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, **kwargs):
        return pd.Series(id_numbers_valid(column), index=column.index)


class ColumnValuesIdRegionKnown(ColumnMapMetricProvider):
    condition_metric_name = "column_values.id_region_known"

    @column_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column, **kwargs):
        return pd.Series(id_regions_known(column), index=column.index)


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
    """ID documents (ingest/rules/identifiers.py id_document_kind): nothing shaped like an ID number that is
    not a valid one (GB 11643: 17 digits and a check character, a real birth date between 1900 and
    today, the mod-11 check; 15-digit first-generation IDs by their date). Passports and other
    documents pass: they are another kind, not an invalid ID."""

    map_metric = "column_values.resident_id_number_valid"
    success_keys = ("mostly",)


class ExpectColumnValuesToHaveKnownIdRegion(ColumnMapExpectation):
    """Resident ID numbers (18 or 15 digits) whose province+city prefix is a known division (seed
    id_region_prefixes). A soft check: an unknown prefix is a warning, never a rejection."""

    map_metric = "column_values.id_region_known"
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
