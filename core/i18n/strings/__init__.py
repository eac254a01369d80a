"""Translation tables, one module per feature; see core/i18n.py."""
