// title: Events with contested attribution
// description: Events where at least one participant is only claimed or alleged, not confirmed, with every participant and how each is attributed.
// columns: event, date, type, fatalities, actor, actorName, side, attribution
MATCH (x:Actor)-[px:PARTICIPATED_IN]->(e:Event)
WHERE px.attribution <> 'confirmed'
WITH DISTINCT e
MATCH (a:Actor)-[p:PARTICIPATED_IN]->(e)
RETURN e.id AS event, e.date AS date, e.type AS type, e.fatalitiesBest AS fatalities, a.id AS actor, a.name AS actorName,
  p.side AS side, p.attribution AS attribution
ORDER BY date, event, actor
