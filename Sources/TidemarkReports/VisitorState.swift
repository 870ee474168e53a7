/// What the engine remembers about one visitor of the window: its current
/// visit and the last values it counted under, so repeated values cost a
/// comparison instead of a set lookup. Times are milliseconds from the
/// window start (a day fits in 32 bits), keeping the state under one cache
/// line.
struct VisitorState {
    /// The visitor id as a number.
    var visitor: UInt64 = 0
    /// Dense index in order of first appearance; used in (visitor, key) pairs.
    var index: Int32 = 0
    /// `ts` of the visitor's latest event.
    var lastMillis: Int32 = 0
    /// `ts` of the current visit's first event.
    var visitFirstMillis: Int32 = 0
    /// Events in the current visit.
    var visitEvents: Int32 = 0
    /// Path id of the current visit's first page view, or -1.
    var entryPath: Int32 = -1
    /// Path id of the current visit's latest page view, or -1.
    var exitPath: Int32 = -1
    /// Path id last counted for this visitor in `top_pages`, or -1.
    var lastPagePath: Int32 = -1
    /// Custom event name id last counted for this visitor, or -1.
    var lastName: Int32 = -1
    /// Country id last counted for this visitor, or -1.
    var country: Int32 = -1
    /// Browser id last counted for this visitor, or -1.
    var browser: Int32 = -1
    /// OS id last counted for this visitor, or -1.
    var os: Int32 = -1
    /// Device index last counted for this visitor, or -1.
    var device: Int8 = -1
    /// Series bucket last counted for this visitor, or -1.
    var lastBucket: Int8 = -1
    /// Whether the current visit started in this window (an hourly window's
    /// first visit may have started in the hour before).
    var visitCounted = false
    /// Whether this table slot holds a visitor.
    var occupied = false
}
