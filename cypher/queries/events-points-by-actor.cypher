// Event points for the map, of one actor: as events-points, reached from the actor (its primary key) instead of
// scanning every event.
// params: actor, from, to, types, anyPlace, placeIds, limit
// columns: id, date, datePrecision, type, placeId, fatalities, actorIds
MATCH (:Actor {id: $actor})-[:PARTICIPATED_IN]->(e:Event)
WHERE e.date >= $from AND e.date <= $to AND e.type IN $types AND ($anyPlace OR e.placeId IN $placeIds)
WITH DISTINCT e ORDER BY e.date, e.id LIMIT $limit
OPTIONAL MATCH (a:Actor)-[:PARTICIPATED_IN]->(e)
RETURN e.id AS id, e.date AS date, e.datePrecision AS datePrecision, e.type AS type, e.placeId AS placeId,
  e.fatalitiesBest AS fatalities, collect(a.id) AS actorIds
ORDER BY date, id
