-- The organization switcher and the grant form find organizations by name (ILIKE '%…%', Data/SqlLike.Contains) instead
-- of listing every one (50,074 in the bench's province tenant): a trigram index lets that search skip the whole table.

CREATE INDEX ix_organizations_name_trgm ON organizations USING gin (name gin_trgm_ops);
