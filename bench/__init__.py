"""Load and micro benchmarks; see bench/README.md."""
