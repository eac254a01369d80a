"""Storage: the only package that runs SQL.

- ``connection``: where the workspace lives, opening and migrating it, write transactions (``Database.tx``).
- ``schema``: the tables and their migrations.
- ``records``: the dataclasses the store hands out and takes in (projects, examples, filters).
- ``projects``: projects, their settings (``update_setting``: read-modify-write in one transaction), the trash.
- ``examples``: examples and the history of every answer; ``apply_edit`` is the one write path for a row.
- ``variants``: alternative answers and preference pairs.
- ``splits``: recorded train/validation splits.
- ``runs``: generation runs and their items; an answer lands with its item marked done.
- ``job_keys``: which key started each background job, and workspace-wide values.
- ``spend``: what was charged to the owner's key per day.
- ``store``: ``Store``, one connection with the operations of projects, examples and variants.
"""
