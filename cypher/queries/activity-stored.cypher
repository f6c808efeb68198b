// How many days have stored event counts: none while events exist means a store from before the stored counts.
// params: (none)
// columns: n
MATCH (d:ActivityDay)
RETURN count(d) AS n
