import Hummingbird

/// The HTTP collector.
enum TidemarkCollector {}
