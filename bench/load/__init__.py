"""What the load benchmarks start and watch; their HTTP client is ``bench.http_load``."""
