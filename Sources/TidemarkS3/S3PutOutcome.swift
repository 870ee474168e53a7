/// Result of a PUT.
package enum S3PutOutcome: Sendable, Equatable {
    /// The object was written.
    case created
    /// `If-None-Match: *` was set and the key already existed (HTTP 412); nothing was written.
    case alreadyExists
}
