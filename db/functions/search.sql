-- Text as search compares it: without diacritics and without case, so «lo hoi»
-- finds «Lò Hơi» and «dong hy» «ĐỒNG HỶ» (unaccent's rules map đ/Đ to d/D). It
-- does not depend on the Unicode form a title was typed in: unaccent's rules
-- also drop the combining marks of decomposed text (a Mac's «o» + U+0300).
-- Unaccent first, then lower: the result is ASCII for Vietnamese, which lower()
-- folds the same under any database locale (even C).
--
-- The trigram indexes on search_text(title), search_text(code), search_text(name)
-- hold its results (migration 2026-11-30T09:00:00), and domain/search.py builds
-- every "contains" condition with it. Hence IMMUTABLE (unaccent() itself is
-- STABLE, since its dictionary's rules file could change: ours is the
-- extension's). The SQL-standard body binds unaccent and its dictionary when
-- the function is created, so it needs no search_path (a SET clause would cost
-- every call), and an IMMUTABLE function calling a STABLE one is never inlined:
-- queries and indexes keep matching on search_text(…).
--
-- A change of what it returns leaves those indexes stale: REINDEX them
-- (initiative_title_search, initiative_code_search, unit_name_search,
-- unit_code_search, author_name_search) in the same change.
CREATE OR REPLACE FUNCTION search_text(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN lower(unaccent('unaccent'::regdictionary, value));

-- A LIKE pattern matching what was typed anywhere in a text, as search compares it.
-- Folded first, then escaped: unaccent maps fullwidth ％ ＿ ＼ to % _ \, which,
-- escaped before folding, would have become wildcards («％» matched every row).
CREATE OR REPLACE FUNCTION search_contains_pattern(typed text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN '%' || replace(replace(replace(search_text(typed), '\', '\\'), '%', '\%'), '_', '\_')
    || '%';
