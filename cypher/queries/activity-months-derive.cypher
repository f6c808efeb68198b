// How many events fall in each month, with the month's first and last event day, counted from the events themselves
// (linear in events): what the stored counts (activity-months) must equal.
// params: (none)
// columns: month, n, first, last
MATCH (e:Event)
RETURN left(e.date, 7) AS month, count(e) AS n, min(e.date) AS first, max(e.date) AS last
