{#
  Grid polygons (GeoJSON Polygon or MultiPolygon, WGS-84) on both engines. DuckDB reads them with its
  spatial extension (ST_*); Spark has no geometry type, so there a polygon is the list of its rings'
  edges, parsed from the GeoJSON text, and every figure below is plain SQL over those edges:
    - a point is in a grid when a ray from it crosses the grid's edges an odd number of times (even-odd
      rule: holes and the parts of a MultiPolygon count right);
    - the candidate grids of a point are the grids whose bounding box covers its cell of a 0.01° lattice
      (an equi-join, so a city's grids and points join without comparing every pair);
    - centroid: area-weighted over the rings (shoelace), holes subtracted;
    - area: the planar ring area on a local equal-area scale (metres per degree at the grid's latitude
      on the WGS-84 ellipsoid) — within 0.1% of DuckDB's ellipsoidal area at a district's size.
#}

{# The edges of every ring of `relation`'s polygons (columns grid_code, geometry_geojson): one row per
   edge (grid_code, ring, x1, y1, x2, y2), and `ring_sign` +1 for a polygon's first ring, -1 for its holes. #}
{% macro grid_edges(relation) -%}
    select
        grid_code,
        ring_no,
        ring_sign,
        element_at(ring, i) as p1,
        element_at(ring, i + 1) as p2
    from (
        select
            grid_code,
            ring_no,
            case when rings.hole then -1 else 1 end as ring_sign,
            rings.ring,
            explode(sequence(1, size(rings.ring) - 1)) as i
        from (
            select grid_code, posexplode(rings) as (ring_no, rings)
            from (
                select
                    grid_code,
                    case
                        when get_json_object(geometry_geojson, '$.type') = 'MultiPolygon' then flatten(transform(
                            from_json(geometry_geojson, 'struct<coordinates:array<array<array<array<double>>>>>').coordinates,
                            polygon -> transform(sequence(1, size(polygon)), k -> named_struct('hole', k > 1, 'ring', element_at(polygon, k)))
                        ))
                        else transform(
                            from_json(geometry_geojson, 'struct<coordinates:array<array<array<double>>>>').coordinates,
                            (ring, k) -> named_struct('hole', k > 0, 'ring', ring)
                        )
                    end as rings
                from {{ relation }}
            )
        )
        where size(rings.ring) >= 4
    )
{%- endmacro %}

{# int_grids_prepared's figures per grid of `relation` (the latest row per grid_code). #}
{% macro prepared_grids(relation) -%}
    {{ return(adapter.dispatch('prepared_grids')(relation)) }}
{%- endmacro %}

{% macro default__prepared_grids(relation) -%}
    select
        *,
        st_x(st_centroid(geom)) as centroid_lng,
        st_y(st_centroid(geom)) as centroid_lat,
        st_area_spheroid(st_flipcoordinates(geom)) / 1e6 as area_km2,
        st_xmin(geom) as min_lng,
        st_xmax(geom) as max_lng,
        st_ymin(geom) as min_lat,
        st_ymax(geom) as max_lat
    from (select *, try(st_geomfromgeojson(geometry_geojson)) as geom from {{ relation }})
{%- endmacro %}

{% macro spark__prepared_grids(relation) -%}
    select
        g.*,
        s.centroid_lng,
        s.centroid_lat,
        s.area_km2,
        s.min_lng,
        s.max_lng,
        s.min_lat,
        s.max_lat
    from {{ relation }} as g
    left join (
        -- per grid, from its rings (outer +, holes −), whatever their orientation
        select
            grid_code,
            sum(ring_sign * signum(ring_cross) * ring_cx) / (3 * sum(ring_sign * abs(ring_cross))) as centroid_lng,
            sum(ring_sign * signum(ring_cross) * ring_cy) / (3 * sum(ring_sign * abs(ring_cross))) as centroid_lat,
            -- square degrees × the metres a degree of longitude and of latitude measure at the grid's
            -- latitude (WGS-84: a = 6378137 m, e² = 0.00669437999014)
            sum(ring_sign * abs(ring_cross)) / 2
                * (pi() / 180 * 6378137 * cos(radians(max(outer_lat)))
                    / sqrt(1 - 0.00669437999014 * pow(sin(radians(max(outer_lat))), 2)))
                * (pi() / 180 * 6378137 * (1 - 0.00669437999014)
                    / pow(1 - 0.00669437999014 * pow(sin(radians(max(outer_lat))), 2), 1.5))
                / 1e6 as area_km2,
            min(min_lng) as min_lng,
            max(max_lng) as max_lng,
            min(min_lat) as min_lat,
            max(max_lat) as max_lat
        from (
            select
                grid_code,
                ring_no,
                max(ring_sign) as ring_sign,
                sum(p1[0] * p2[1] - p2[0] * p1[1]) as ring_cross,
                sum((p1[0] + p2[0]) * (p1[0] * p2[1] - p2[0] * p1[1])) as ring_cx,
                sum((p1[1] + p2[1]) * (p1[0] * p2[1] - p2[0] * p1[1])) as ring_cy,
                case when ring_no = 0 then avg(p1[1]) end as outer_lat,
                min(p1[0]) as min_lng,
                max(p1[0]) as max_lng,
                min(p1[1]) as min_lat,
                max(p1[1]) as max_lat
            from ({{ grid_edges(relation) }})
            group by grid_code, ring_no
        )
        group by grid_code
    ) as s
        on g.grid_code = s.grid_code
{%- endmacro %}

{# (event_key, wgs84_lng, wgs84_lat, grid_code): each point of `points` in the grid of `grids` that
   contains it, the lowest grid code when grids overlap. #}
{% macro points_in_grids(points, grids) -%}
    {{ return(adapter.dispatch('points_in_grids')(points, grids)) }}
{%- endmacro %}

{% macro default__points_in_grids(points, grids) -%}
    select
        p.event_key,
        p.wgs84_lng,
        p.wgs84_lat,
        g.grid_code
    from {{ points }} as p
    inner join {{ grids }} as g
        on st_contains(g.geom, st_point(p.wgs84_lng, p.wgs84_lat))
    qualify row_number() over (partition by p.event_key order by g.grid_code) = 1
{%- endmacro %}

{% macro spark__points_in_grids(points, grids) -%}
    select
        p.event_key,
        p.wgs84_lng,
        p.wgs84_lat,
        e.grid_code
    from {{ points }} as p
    inner join (
        -- the 0.01° cells each grid's bounding box covers
        select
            grid_code,
            explode(sequence(cast(floor(min_lng * 100) as int), cast(floor(max_lng * 100) as int))) as cell_x,
            min_lat,
            max_lat
        from {{ grids }}
        where min_lng is not null
    ) as cx
        on cast(floor(p.wgs84_lng * 100) as int) = cx.cell_x
        and p.wgs84_lat between cx.min_lat and cx.max_lat
    inner join ({{ grid_edges(grids) }}) as e
        on cx.grid_code = e.grid_code
    where (e.p1[1] > p.wgs84_lat) <> (e.p2[1] > p.wgs84_lat)
        and p.wgs84_lng < (e.p2[0] - e.p1[0]) * (p.wgs84_lat - e.p1[1]) / (e.p2[1] - e.p1[1]) + e.p1[0]
    group by p.event_key, p.wgs84_lng, p.wgs84_lat, e.grid_code
    having count(*) % 2 = 1
    qualify row_number() over (partition by p.event_key order by e.grid_code) = 1
{%- endmacro %}

{# Per street of `grids` (int_grids_prepared): street_name, its outline as GeoJSON (boundary_geojson), a
   label point and its grid count. DuckDB: the union of the grid polygons, (Multi)Polygon. Spark: the
   edges that only one of the street's grids has (an edge two neighbouring grids share is inside the
   street), as a MultiLineString — the same outline as segments — and the area-weighted centroid. #}
{% macro street_boundaries(grids) -%}
    {{ return(adapter.dispatch('street_boundaries')(grids)) }}
{%- endmacro %}

{% macro default__street_boundaries(grids) -%}
    {#- the grids in a fixed order: a union's vertices start where its first input does, and threads
        would otherwise hand the grids over in any order (the same boundary, written differently) -#}
    select
        street_code,
        street_name,
        st_asgeojson(boundary) as boundary_geojson,
        st_x(st_centroid(boundary)) as label_lng,
        st_y(st_centroid(boundary)) as label_lat,
        grid_count
    from (
        select
            street_code,
            any_value(street_name) as street_name,
            st_union_agg(geom order by grid_code) as boundary,
            count(*) as grid_count
        from {{ grids }}
        group by street_code
    ) as streets
{%- endmacro %}

{% macro spark__street_boundaries(grids) -%}
    select
        s.street_code,
        s.street_name,
        o.boundary_geojson,
        s.label_lng,
        s.label_lat,
        s.grid_count
    from (
        select
            street_code,
            any_value(street_name) as street_name,
            sum(area_km2 * centroid_lng) / sum(area_km2) as label_lng,
            sum(area_km2 * centroid_lat) / sum(area_km2) as label_lat,
            count(*) as grid_count
        from {{ grids }}
        group by street_code
    ) as s
    left join (
        select
            street_code,
            to_json(named_struct(
                'type', 'MultiLineString', 'coordinates', array_sort(collect_list(array(a, b)))
            )) as boundary_geojson
        from (
            select g.street_code, least(e.p1, e.p2) as a, greatest(e.p1, e.p2) as b
            from {{ grids }} as g
            inner join ({{ grid_edges(grids) }}) as e
                on g.grid_code = e.grid_code
            group by g.street_code, least(e.p1, e.p2), greatest(e.p1, e.p2)
            having count(*) = 1
        )
        group by street_code
    ) as o
        on s.street_code = o.street_code
{%- endmacro %}
