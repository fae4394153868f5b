"""Text catalogue: every text the project writes, in Spanish and English, one module per area."""
