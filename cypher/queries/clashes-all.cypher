// Every stored CLASHED_WITH aggregate (a < b by id) with its months as JSON text; totals are sums of the months.
// params: (none)
// columns: id, a, b, monthsJson
MATCH (a:Actor)-[c:CLASHED_WITH]->(b:Actor)
RETURN c.id AS id, a.id AS a, b.id AS b, c.monthsJson AS monthsJson
ORDER BY id
