"""Storage: the only package that runs SQL (connection, transactions, schema, migrations, tables)."""
