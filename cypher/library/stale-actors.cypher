// title: Actors with no source newer than a date
// description: Actors whose newest citing source was published before the date, or whose sources carry no date: candidates for a review.
// param: before date = "2020-01-01" -- the day the newest source must precede (YYYY-MM-DD)
// columns: actor, name, kind, newestSource, sources
MATCH (a:Actor)
OPTIONAL MATCH (a)-[:CITES]->(s:Source)
WITH a, max(s.published) AS newest, count(s) AS sources
WHERE newest IS NULL OR newest < $before
RETURN a.id AS actor, a.name AS name, a.kind AS kind, newest AS newestSource, sources
ORDER BY newestSource, actor
