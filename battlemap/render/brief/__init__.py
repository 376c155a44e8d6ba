"""The visit brief: one printed page to read before a visit, discreet by default."""
