// Writes the stored events per day from the events themselves, once (a store from before them).
// params: (none)
// columns: (none)
MATCH (e:Event)
WITH e.date AS day, count(e) AS n
CREATE (:ActivityDay {day: day, n: n})
