"""`python -m bench [--quick]`: run every benchmark and write BENCHMARKS.md."""

from bench.run import main

raise SystemExit(main())
