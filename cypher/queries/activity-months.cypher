// How many events fall in each month, with the month's first and last event day (the span of the data): from the
// stored events per day (ActivityDay, kept by every write that changes events: activity-days-add).
// params: (none)
// columns: month, n, first, last
MATCH (d:ActivityDay)
RETURN left(d.day, 7) AS month, sum(d.n) AS n, min(d.day) AS first, max(d.day) AS last
