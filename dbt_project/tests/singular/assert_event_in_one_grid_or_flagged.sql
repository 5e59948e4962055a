-- Every event is in exactly one grid, or is flagged unlocated — never both, never neither.
select event_key, grid_code, geocode_method
-- a daily build checks the rows it wrote (macros/test_scope.sql)
from {{ get_where_subquery(ref('fct_event')) }}
where (grid_code is null) <> (geocode_method = 'unlocated')
