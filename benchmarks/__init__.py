"""JoinedUp's benchmarks: `scripts/bench` runs them all (see benchmarks/README.md)."""
