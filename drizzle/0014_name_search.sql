-- Full-text indexes for searching names by any part of them: a LIKE '%…%' reads every signature
-- (half a second on a million rows, with every other request waiting). FTS5's trigram tokenizer
-- finds any substring of three characters or more from the index.
--
-- Both tables are contentless (they keep only the index; the rowid is the signature's id) and are
-- kept in step by triggers, in the same transaction as the change, whichever code makes it.
-- `key` is the folded name (lib/search.ts); `starts` is the same text with two U+0001 before every
-- word (after a space or a hyphen), so that one- and two-character searches, too short for a
-- trigram, can match the start of a word: "al" is the trigram U+0001 "al", "a" is U+0001 U+0001 "a".
--
-- signatory_search: what the public list may match, the public name of listed signatures only
-- (confirmed, not hidden, listed by name or initials).
CREATE VIRTUAL TABLE `signatory_search` USING fts5(key, starts, tokenize = 'trigram', content = '', contentless_delete = 1);
--> statement-breakpoint
CREATE TRIGGER `signatory_search_insert` AFTER INSERT ON `signature`
WHEN NEW.state = 'confirmed' AND NEW.hidden = 0 AND NEW.public_name_key IS NOT NULL BEGIN
	INSERT INTO signatory_search (rowid, key, starts)
	VALUES (NEW.id, NEW.public_name_key, char(1, 1) || replace(replace(NEW.public_name_key, ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1)));
END;
--> statement-breakpoint
CREATE TRIGGER `signatory_search_update` AFTER UPDATE OF `state`, `hidden`, `public_name_key` ON `signature`
WHEN OLD.state IS NOT NEW.state OR OLD.hidden IS NOT NEW.hidden OR OLD.public_name_key IS NOT NEW.public_name_key BEGIN
	DELETE FROM signatory_search WHERE rowid = OLD.id AND OLD.state = 'confirmed' AND OLD.hidden = 0 AND OLD.public_name_key IS NOT NULL;
	INSERT INTO signatory_search (rowid, key, starts)
	SELECT NEW.id, NEW.public_name_key, char(1, 1) || replace(replace(NEW.public_name_key, ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1))
	WHERE NEW.state = 'confirmed' AND NEW.hidden = 0 AND NEW.public_name_key IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `signatory_search_delete` AFTER DELETE ON `signature`
WHEN OLD.state = 'confirmed' AND OLD.hidden = 0 AND OLD.public_name_key IS NOT NULL BEGIN
	DELETE FROM signatory_search WHERE rowid = OLD.id;
END;
--> statement-breakpoint
INSERT INTO signatory_search (rowid, key, starts)
SELECT id, public_name_key, char(1, 1) || replace(replace(public_name_key, ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1))
FROM signature WHERE state = 'confirmed' AND hidden = 0 AND public_name_key IS NOT NULL;
--> statement-breakpoint
-- signature_name_search: the moderators' search, every signature's full name whatever its state.
CREATE VIRTUAL TABLE `signature_name_search` USING fts5(key, starts, tokenize = 'trigram', content = '', contentless_delete = 1);
--> statement-breakpoint
CREATE TRIGGER `signature_name_search_insert` AFTER INSERT ON `signature` BEGIN
	INSERT INTO signature_name_search (rowid, key, starts)
	VALUES (NEW.id, NEW.name_key, char(1, 1) || replace(replace(NEW.name_key, ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1)));
END;
--> statement-breakpoint
CREATE TRIGGER `signature_name_search_update` AFTER UPDATE OF `name_key` ON `signature`
WHEN OLD.name_key IS NOT NEW.name_key BEGIN
	DELETE FROM signature_name_search WHERE rowid = OLD.id;
	INSERT INTO signature_name_search (rowid, key, starts)
	VALUES (NEW.id, NEW.name_key, char(1, 1) || replace(replace(NEW.name_key, ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1)));
END;
--> statement-breakpoint
CREATE TRIGGER `signature_name_search_delete` AFTER DELETE ON `signature` BEGIN
	DELETE FROM signature_name_search WHERE rowid = OLD.id;
END;
--> statement-breakpoint
INSERT INTO signature_name_search (rowid, key, starts)
SELECT id, name_key, char(1, 1) || replace(replace(name_key, ' ', ' ' || char(1, 1)), '-', '-' || char(1, 1))
FROM signature;
