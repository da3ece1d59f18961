public import Foundation

/// The station's time zone: where a day starts and ends, so that deadlines ("the end of that
/// day") and bare dates on the command line mean the same thing everywhere.
///
/// Instants are whole seconds; a day ends at its last second (23:59:59), so an event at
/// 23:59:59 still falls on that day and a deadline of that day is not yet past.
public struct StationTime: Sendable, Hashable {
    /// The time zone (default Asia/Shanghai).
    public let timeZone: TimeZone

    /// The default station time zone, Asia/Shanghai.
    public static let shanghai = StationTime(timeZone: TimeZone(identifier: "Asia/Shanghai")!)

    /// A station time in `timeZone`.
    public init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The day an instant falls on.
    public func day(of instant: Date) -> CivilDate {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + timeZone.secondsFromGMT(for: instant)
        return CivilDate(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// The first second of a day.
    public func startOfDay(_ day: CivilDate) -> Date {
        let localMidnight = Double(day.daysSinceEpoch * 86_400)
        // Offsets differ across a DST change; resolve with the offset at the guessed instant.
        var guess = Date(timeIntervalSince1970: localMidnight - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: localMidnight))))
        guess = Date(timeIntervalSince1970: localMidnight - Double(timeZone.secondsFromGMT(for: guess)))
        return guess
    }

    /// The last second of a day: what a deadline or a bare "as of" date means.
    public func endOfDay(_ day: CivilDate) -> Date {
        startOfDay(day.adding(days: 1)).addingTimeInterval(-1)
    }

    /// Parses an ISO 8601 date (`2026-06-15`, meaning the end of that day when `endOfDay`,
    /// else its start) or date-time (`2026-06-15T09:30:00+08:00`, `...Z`, or without an offset
    /// meaning station time).
    public func parse(_ text: String, bareDateMeansEndOfDay: Bool) -> Date? {
        if let day = CivilDate(text) {
            return bareDateMeansEndOfDay ? endOfDay(day) : startOfDay(day)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date.wholeSeconds }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date.wholeSeconds }
        // A local date-time without an offset: station time.
        let local = ISO8601DateFormatter()
        local.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withDashSeparatorInDate]
        local.timeZone = timeZone
        for candidate in [text, text + ":00"] {
            if let date = local.date(from: candidate) { return date.wholeSeconds }
        }
        return nil
    }

    /// The text with every UTC time written by `Date.ISO8601FormatStyle` (`2026-06-15T01:30:00Z`)
    /// rewritten in station time (`2026-06-15T09:30:00+08:00`).
    public func rewritingUTCTimes(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        let utc = ISO8601DateFormatter()
        utc.formatOptions = [.withInternetDateTime]
        // Every Z is looked at, including those too near the start to end a time (a hazard id
        // such as H-J6Z6BDF2HZ has them just before the time it names).
        while let z = rest.firstIndex(of: "Z") {
            if rest.distance(from: rest.startIndex, to: z) >= 19 {
                let start = rest.index(z, offsetBy: -19)
                if let date = utc.date(from: String(rest[start...z])) {
                    result += rest[..<start] + format(date)
                    rest = rest[rest.index(after: z)...]
                    continue
                }
            }
            result += rest[...z]
            rest = rest[rest.index(after: z)...]
        }
        return result + rest
    }

    /// A time for people, to the minute: `2026-06-15 23:59`.
    public func show(_ instant: Date) -> String {
        guard let local = local(instant) else {
            let text = format(instant)
            return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5))
        }
        return local.day.description + " " + Self.twoDigits(local.second / 3600) + ":" + Self.twoDigits(local.second % 3600 / 60)
    }

    /// `2026-06-15T09:30:00+08:00` in station time (`Z` where the offset is zero).
    ///
    /// Worked out with arithmetic rather than a date formatter: reports and exporters write two
    /// times for every line of an overdue list that may run to hundreds of thousands of lines.
    public func format(_ instant: Date) -> String {
        guard let local = local(instant) else {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime]
            formatter.timeZone = timeZone
            return formatter.string(from: instant)
        }
        let second = local.second
        var text = local.day.description + "T" + Self.twoDigits(second / 3600) + ":" + Self.twoDigits(second % 3600 / 60) + ":"
            + Self.twoDigits(second % 60)
        if local.offset == 0 {
            text += "Z"
        } else {
            let minutes = abs(local.offset) / 60
            text += (local.offset < 0 ? "-" : "+") + Self.twoDigits(minutes / 60) + ":" + Self.twoDigits(minutes % 60)
        }
        return text
    }

    /// The station's day, second of the day and offset from UTC at an instant; `nil` where
    /// arithmetic and ISO 8601 part ways (years outside 1–9999, offsets with seconds).
    private func local(_ instant: Date) -> (day: CivilDate, second: Int, offset: Int)? {
        let epoch = instant.timeIntervalSince1970.rounded(.down)
        // 0001-01-01 to 9999-12-31.
        guard epoch.isFinite, epoch >= -62_135_596_800, epoch < 253_402_300_800 else { return nil }
        let offset = timeZone.secondsFromGMT(for: instant)
        guard offset % 60 == 0 else { return nil }
        let seconds = Int(epoch) + offset
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let day = CivilDate(daysSinceEpoch: days)
        guard (1...9999).contains(day.components.year) else { return nil }
        return (day, seconds - days * 86_400, offset)
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }
}

extension Date {
    /// The same instant truncated to a whole second: SafeGrid's time resolution.
    public var wholeSeconds: Date {
        Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down))
    }

    /// Seconds since 1970, as stored.
    public var epochSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }

    /// ISO 8601 in UTC (`2026-06-15T15:59:59Z`), for messages that know no station time zone.
    public var iso8601: String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: self)
    }

    /// The instant `seconds` seconds after 1970.
    public init(epochSeconds seconds: Int64) {
        self.init(timeIntervalSince1970: TimeInterval(seconds))
    }
}
