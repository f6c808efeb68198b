// LadybugDB schema. Idempotent: every statement is IF NOT EXISTS. Dates are ISO day strings (YYYY-MM-DD) plus a precision,
// which compare correctly as strings on both engines; lists of ids are STRING[].
CREATE NODE TABLE IF NOT EXISTS Source(id STRING PRIMARY KEY, title STRING, publisher STRING, url STRING, published STRING, publishedPrecision STRING, language STRING, kind STRING, licence STRING);
CREATE NODE TABLE IF NOT EXISTS Place(id STRING PRIMARY KEY, name STRING, kind STRING, lat DOUBLE, lon DOUBLE, parentId STRING, country STRING);
CREATE NODE TABLE IF NOT EXISTS Actor(id STRING PRIMARY KEY, name STRING, kind STRING, family STRING, founded STRING, foundedPrecision STRING, dissolved STRING, dissolvedPrecision STRING, countries STRING[], description STRING, aliasNames STRING[], aliasesJson STRING, externalIdsJson STRING, sourceIds STRING[], sourcesJson STRING, provisional BOOLEAN);
CREATE NODE TABLE IF NOT EXISTS Event(id STRING PRIMARY KEY, date STRING, datePrecision STRING, endDate STRING, endDatePrecision STRING, type STRING, placeId STRING, fatalitiesBest INT64, fatalitiesLow INT64, fatalitiesHigh INT64, claimsJson STRING, description STRING, sourceIds STRING[], sourcesJson STRING);
CREATE REL TABLE IF NOT EXISTS AFFILIATED_WITH(FROM Actor TO Actor, id STRING, since STRING, sincePrecision STRING, until STRING, untilPrecision STRING, confidence STRING, note STRING, sourceIds STRING[], sourcesJson STRING);
CREATE REL TABLE IF NOT EXISTS ALLIED_WITH(FROM Actor TO Actor, id STRING, since STRING, sincePrecision STRING, until STRING, untilPrecision STRING, confidence STRING, note STRING, sourceIds STRING[], sourcesJson STRING);
CREATE REL TABLE IF NOT EXISTS RIVAL_OF(FROM Actor TO Actor, id STRING, since STRING, sincePrecision STRING, until STRING, untilPrecision STRING, confidence STRING, note STRING, sourceIds STRING[], sourcesJson STRING);
CREATE REL TABLE IF NOT EXISTS SPLINTER_OF(FROM Actor TO Actor, id STRING, since STRING, sincePrecision STRING, until STRING, untilPrecision STRING, confidence STRING, note STRING, sourceIds STRING[], sourcesJson STRING);
CREATE REL TABLE IF NOT EXISTS MERGED_INTO(FROM Actor TO Actor, id STRING, since STRING, sincePrecision STRING, until STRING, untilPrecision STRING, confidence STRING, note STRING, sourceIds STRING[], sourcesJson STRING);
CREATE REL TABLE IF NOT EXISTS PLEDGED_TO(FROM Actor TO Actor, id STRING, since STRING, sincePrecision STRING, until STRING, untilPrecision STRING, confidence STRING, note STRING, sourceIds STRING[], sourcesJson STRING);
CREATE REL TABLE IF NOT EXISTS PART_OF(FROM Actor TO Actor, id STRING, since STRING, sincePrecision STRING, until STRING, untilPrecision STRING, confidence STRING, note STRING, sourceIds STRING[], sourcesJson STRING);
CREATE REL TABLE IF NOT EXISTS SUPPORTS(FROM Actor TO Actor, id STRING, since STRING, sincePrecision STRING, until STRING, untilPrecision STRING, confidence STRING, note STRING, sourceIds STRING[], sourcesJson STRING);
CREATE REL TABLE IF NOT EXISTS CLASHED_WITH(FROM Actor TO Actor, id STRING, count INT64, fatalities INT64, first STRING, last STRING, eventIds STRING[], unknownFatalities INT64, monthsJson STRING);
// Stores made before clash months (eventIds is no longer written): the two columns are added at the end, as above.
ALTER TABLE CLASHED_WITH ADD IF NOT EXISTS unknownFatalities INT64;
ALTER TABLE CLASHED_WITH ADD IF NOT EXISTS monthsJson STRING;
CREATE REL TABLE IF NOT EXISTS PARTICIPATED_IN(FROM Actor TO Event, side STRING, role STRING, attribution STRING);
CREATE REL TABLE IF NOT EXISTS OCCURRED_AT(FROM Event TO Place);
CREATE REL TABLE IF NOT EXISTS LOCATED_IN(FROM Place TO Place);
CREATE REL TABLE IF NOT EXISTS CITES(FROM Event TO Source, FROM Actor TO Source, quote STRING);
// Derived event counts, kept by every write that changes events (plan.ts, planActivity) and built once from the events
// in a store from before them: events per actor and month (key actorId|month), events per day. Read at each start.
CREATE NODE TABLE IF NOT EXISTS ActivityMonth(key STRING PRIMARY KEY, actorId STRING, month STRING, n INT64);
CREATE NODE TABLE IF NOT EXISTS ActivityDay(day STRING PRIMARY KEY, n INT64);
