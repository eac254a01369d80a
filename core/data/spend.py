"""What was charged to the owner's key, per UTC day (table ``owner_spend``)."""

from __future__ import annotations

from core.data.connection import Database, now_iso


def spent_on(db: Database, day: str) -> float:
    """Dollars booked on ``day`` (an ISO date)."""
    row = db.conn.execute("SELECT COALESCE(SUM(usd), 0) FROM owner_spend WHERE day = ?", (day,)).one()
    return float(row[0])


def book_within(db: Database, day: str, action: str, usd: float, budget_usd: float | None) -> bool:
    """Book ``usd`` for ``action`` on ``day`` unless it would pass ``budget_usd``; False: nothing booked.

    The sum and the insert happen in one write transaction (``BEGIN IMMEDIATE``),
    so concurrent charges are serialised and can't both pass.
    """
    with db.tx() as conn:
        spent = float(conn.execute("SELECT COALESCE(SUM(usd), 0) FROM owner_spend WHERE day = ?", (day,)).one()[0])
        if budget_usd is not None and spent + usd > budget_usd + 1e-9:
            return False
        conn.execute(
            "INSERT INTO owner_spend (day, action, usd, created_at) VALUES (?, ?, ?, ?)",
            (day, action, float(usd), now_iso()),
        )
    return True
