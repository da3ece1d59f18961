public import Foundation
public import SafeGridCore

/// Which times and deadlines are plausible. A time before 2000 (`--at 1900-01-01`, a year typed
/// wrong) or a deadline in 9999 is a slip of the keyboard, and once recorded it stays in the
/// hash chain and in every report ("739790 days overdue"); so such input is refused.
///
/// ```swift
/// let engine = SafeGridEngine(store: store, calendar: calendar, plausible: PlausibleTimes(deadlineYears: 10))
/// try engine.plausible.check(at, what: ("--at", "--at"), now: engine.clock.now(), stationTime: engine.stationTime)
/// ```
public struct PlausibleTimes: Sendable, Hashable {
    /// The earliest day accepted, in station time.
    public var earliest: CivilDate
    /// How many days after now a time given may be (clocks of two machines disagree a little).
    /// Recording is stricter still: an event or inspection after now is refused (`illegal-time`).
    public var daysAhead: Int
    /// How many years after the moment it is set a deadline may be.
    public var deadlineYears: Int

    /// The defaults: from 2000-01-01, at most a day ahead, deadlines at most 5 years out.
    public static let standard = PlausibleTimes()

    /// Creates a window.
    public init(earliest: CivilDate = CivilDate(year: 2000, month: 1, day: 1)!, daysAhead: Int = 1, deadlineYears: Int = 5) {
        self.earliest = earliest
        self.daysAhead = daysAhead
        self.deadlineYears = deadlineYears
    }

    /// Checks a time someone gave: when something happened, or a report's cut-off.
    /// - Parameters:
    ///   - time: the time given.
    ///   - what: what the time is, in English and Chinese (`--at`, "the inspection time").
    ///   - now: the recording time.
    ///   - stationTime: the station's time zone, for the message.
    /// - Throws: `SafeGridError` `implausible-time` when `time` is before ``earliest`` or more
    ///   than ``daysAhead`` days after `now`.
    public func check(_ time: Date, what: (english: String, chinese: String), now: Date, stationTime: StationTime) throws(SafeGridError) {
        try checkNotTooEarly(time, what: what, stationTime: stationTime)
        guard time <= now.addingTimeInterval(Double(daysAhead) * 86_400) else {
            throw SafeGridError(
                .implausibleTime,
                chinese: "\(what.chinese) \(stationTime.show(time)) 比现在（\(stationTime.show(now))）晚了超过 \(daysAhead) 天（SAFEGRID_AHEAD_DAYS）",
                english: "\(what.english) \(stationTime.show(time)) is more than \(daysAhead) day\(daysAhead == 1 ? "" : "s") after now (\(stationTime.show(now))) (SAFEGRID_AHEAD_DAYS)",
                context: ["time": stationTime.format(time)])
        }
    }

    /// Checks that `time` is not before ``earliest`` (for times that may lie ahead, such as a
    /// venue's next opening or a new deadline, whose far end ``checkDeadline(_:setAt:what:stationTime:)`` checks).
    public func checkNotTooEarly(_ time: Date, what: (english: String, chinese: String), stationTime: StationTime) throws(SafeGridError) {
        guard time >= stationTime.startOfDay(earliest) else {
            throw SafeGridError(
                .implausibleTime,
                chinese: "\(what.chinese) \(stationTime.show(time)) 早于 SafeGrid 接受的最早日期 \(earliest)（SAFEGRID_EARLIEST）",
                english: "\(what.english) \(stationTime.show(time)) is before \(earliest), the earliest date SafeGrid accepts (SAFEGRID_EARLIEST)",
                context: ["time": stationTime.format(time)])
        }
    }

    /// Checks a deadline (or a venue's next opening) set at `setAt`.
    /// - Throws: `SafeGridError` `implausible-time` when it is more than ``deadlineYears``
    ///   years after `setAt` (or before ``earliest``).
    public func checkDeadline(_ deadline: Date, setAt: Date, what: (english: String, chinese: String), stationTime: StationTime) throws(SafeGridError) {
        try checkNotTooEarly(deadline, what: what, stationTime: stationTime)
        let (year, month, day) = stationTime.day(of: setAt).components
        // 29 February plus whole years is 28 February when that year has no 29th.
        let last = CivilDate(year: year + deadlineYears, month: month, day: day) ?? CivilDate(year: year + deadlineYears, month: month, day: day - 1)!
        guard deadline <= stationTime.endOfDay(last) else {
            throw SafeGridError(
                .implausibleTime,
                chinese: "\(what.chinese) \(stationTime.show(deadline)) 距 \(stationTime.show(setAt)) 超过 \(deadlineYears) 年（SAFEGRID_DEADLINE_YEARS）",
                english: "\(what.english) \(stationTime.show(deadline)) is more than \(deadlineYears) years after \(stationTime.show(setAt)) (SAFEGRID_DEADLINE_YEARS)",
                context: ["time": stationTime.format(deadline)])
        }
    }
}
