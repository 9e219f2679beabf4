"""Scale data generation and benchmark scripts (see README, "Scale data")."""
