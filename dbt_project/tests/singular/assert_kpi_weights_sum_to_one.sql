-- The weights of each composite-score scheme sum to 1.
select scheme, sum(weight) as total
from {{ ref('kpi_weights') }}
group by scheme
having abs(sum(weight) - 1) > 1e-9
