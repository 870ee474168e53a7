/// How often and how patiently a region is retried within one drain.
package struct RetryPolicy: Sendable {
    /// Attempts per region before giving up for this run (the queue keeps the rest).
    package var maxAttempts: Int
    /// First back-off delay.
    package var initialDelayMs: Int
    /// Back-off cap.
    package var maxDelayMs: Int

    package init(maxAttempts: Int, initialDelayMs: Int = 500, maxDelayMs: Int = 8000) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelayMs = initialDelayMs
        self.maxDelayMs = maxDelayMs
    }

    /// Delay before attempt `attempt` (1-based; the first attempt waits 0).
    package func delayMs(beforeAttempt attempt: Int) -> Int {
        guard attempt > 1 else { return 0 }
        let exponent = min(attempt - 2, 20)
        return min(maxDelayMs, initialDelayMs << exponent)
    }
}

/// The hinted-handoff state of one region during a drain: a value-type state
/// machine that says what to do after each round of uploads.
package struct HandoffState: Sendable {
    /// What the drainer should do next.
    package enum Action: Sendable, Equatable {
        /// Everything is delivered.
        case done
        /// Wait, then try the remaining segments again.
        case retry(afterMs: Int)
        /// Stop for this run; the queue keeps what is left.
        case giveUp
    }

    private let policy: RetryPolicy
    /// Rounds that ended with a failure, in a row.
    package private(set) var failedRounds = 0

    package init(policy: RetryPolicy) { self.policy = policy }

    /// Records a round: how many segments remain and whether the region
    /// failed during it. Progress resets the failure count.
    package mutating func roundEnded(remaining: Int, delivered: Int, failed: Bool) -> Action {
        if remaining == 0 { return .done }
        if delivered > 0 {
            // Progress: the region is answering, so start the count again.
            failedRounds = 0
            return .retry(afterMs: failed ? policy.initialDelayMs : 0)
        }
        failedRounds += 1
        if failedRounds >= policy.maxAttempts { return .giveUp }
        return .retry(afterMs: policy.delayMs(beforeAttempt: failedRounds + 1))
    }
}
