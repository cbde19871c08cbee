-- The heartbeat /healthz writes to show that the database takes writes (issue #15,
-- point 12). One row, overwritten; not an event of the programme, so it is not audited.
CREATE TABLE health_probe (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	at INTEGER NOT NULL
) STRICT;
