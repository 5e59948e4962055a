{#- `python -m ingest build --db … --warehouse … -- run-operation build_resources`: the memory DuckDB may
    take during a build and where it spills beyond that (YIPING_BUILD_MEMORY, YIPING_SPILL_DIR; by
    default a fifth of the machine and .spill beside the raw layer, ingest/build.py). -#}
{% macro build_resources() %}
    {%- set row = run_query(
        "select current_setting('memory_limit'), current_setting('temp_directory'), current_setting('threads')"
    ).rows[0] -%}
    {{ print('build memory limit: ' ~ row[0] ~ '; spill directory: ' ~ row[1] ~ '; threads: ' ~ row[2]) }}
{% endmacro %}
