"""The portfolio index over many accounts: the attack/defend matrix, totals, the table."""
