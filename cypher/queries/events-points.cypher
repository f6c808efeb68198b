// Event points for the map: the events in a day window, of the given types, at any place ($anyPlace) or at one of
// $placeIds, oldest first (then by id), at most $limit, each with its participants' ids (order not guaranteed).
// params: from, to, types, anyPlace, placeIds, limit
// columns: id, date, datePrecision, type, placeId, fatalities, actorIds
MATCH (e:Event)
WHERE e.date >= $from AND e.date <= $to AND e.type IN $types AND ($anyPlace OR e.placeId IN $placeIds)
WITH e ORDER BY e.date, e.id LIMIT $limit
OPTIONAL MATCH (a:Actor)-[:PARTICIPATED_IN]->(e)
RETURN e.id AS id, e.date AS date, e.datePrecision AS datePrecision, e.type AS type, e.placeId AS placeId,
  e.fatalitiesBest AS fatalities, collect(a.id) AS actorIds
ORDER BY date, id
