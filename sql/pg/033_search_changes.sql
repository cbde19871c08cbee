-- Which practices the text index must read again (issue 13: the search's own index in
-- memory, src/search/memindex.c, updates only what changed instead of building itself
-- anew): a row per practice whose indexed text or publication changed, with the catalog's
-- generation of that change. An index of generation G reads the practices of the rows
-- above G. The trigger moves the generation on itself before it notes it, so the noted
-- value is above every generation a reader saw before this change was committed, whatever
-- order the triggers run in; the UPDATE also holds catalog_state's row until the commit,
-- so changes are committed in the order of their generations and an instance that has
-- seen generation G has seen every change noted at or below it.
CREATE TABLE search_change (
	practice_id bigint PRIMARY KEY,
	generation bigint NOT NULL
);
CREATE INDEX search_change_generation ON search_change(generation);

INSERT INTO search_change(practice_id, generation)
SELECT id, (SELECT generation FROM catalog_state WHERE id = 1) FROM practice;

CREATE FUNCTION search_change_fn() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	pid bigint;
BEGIN
	IF TG_OP = 'DELETE' THEN
		IF OLD.status <> 'published' THEN
			RETURN NULL;
		END IF;
		pid := OLD.id;
	ELSIF TG_OP = 'INSERT' THEN
		IF NEW.status <> 'published' THEN
			RETURN NULL;
		END IF;
		pid := NEW.id;
	ELSE
		IF OLD.status <> 'published' AND NEW.status <> 'published' THEN
			RETURN NULL;
		END IF;
		IF OLD.status IS NOT DISTINCT FROM NEW.status AND OLD.title IS NOT DISTINCT FROM NEW.title AND OLD.teaser IS NOT DISTINCT FROM NEW.teaser
			AND OLD.situation IS NOT DISTINCT FROM NEW.situation AND OLD.implementation IS NOT DISTINCT FROM NEW.implementation
			AND OLD.results IS NOT DISTINCT FROM NEW.results AND OLD.transfer IS NOT DISTINCT FROM NEW.transfer
			AND OLD.criterion_transferable IS NOT DISTINCT FROM NEW.criterion_transferable
			AND OLD.criterion_innovative IS NOT DISTINCT FROM NEW.criterion_innovative
			AND OLD.criterion_sustainable IS NOT DISTINCT FROM NEW.criterion_sustainable
			AND OLD.criterion_efficient IS NOT DISTINCT FROM NEW.criterion_efficient
			AND OLD.organisation_name IS NOT DISTINCT FROM NEW.organisation_name
			AND OLD.bundesland IS NOT DISTINCT FROM NEW.bundesland
			AND OLD.search_labels IS NOT DISTINCT FROM NEW.search_labels THEN
			RETURN NULL;
		END IF;
		pid := NEW.id;
	END IF;
	UPDATE catalog_state SET generation = generation + 1;
	INSERT INTO search_change(practice_id, generation)
	SELECT pid, generation FROM catalog_state WHERE id = 1
	ON CONFLICT (practice_id) DO UPDATE SET generation = EXCLUDED.generation;
	RETURN NULL;
END $$;
CREATE TRIGGER search_change AFTER INSERT OR UPDATE OR DELETE ON practice
	FOR EACH ROW EXECUTE FUNCTION search_change_fn();

-- (The catalog pages' index practice_confirmed comes with 032.)
