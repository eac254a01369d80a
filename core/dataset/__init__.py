"""Dataset logic: the message format, importers, validation, splits, exports, preference pairs, the project file."""
