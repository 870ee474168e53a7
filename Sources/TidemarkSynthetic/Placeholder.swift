/// Seeded synthetic traffic for the demo and benchmarks.
enum TidemarkSynthetic {}
